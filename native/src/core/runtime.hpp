// Process-wide compute settings shared by every batch: the thread pool and the compiled backends.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "thread_pool.hpp"

namespace tc {

// More threads than this is a configuration mistake, not a machine we run on.
constexpr unsigned kMaxThreads = 1024;

// Hardware concurrency, at least 1.
unsigned default_threads();

// 0 means default_threads(). Batches already running keep the pool they started with.
void set_threads(unsigned threads);

// The pool new batches should use; created with default_threads() on first use.
std::shared_ptr<ThreadPool> current_pool();

std::vector<std::string> compiled_backends();

}  // namespace tc
