#include "runtime.hpp"

#include <mutex>
#include <thread>

namespace tc {

namespace {
// A mutex rather than a plain global: Node worker threads may load the addon into the same process.
std::mutex g_mutex;
std::shared_ptr<ThreadPool> g_pool;
}  // namespace

unsigned default_threads() {
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

void set_threads(unsigned threads) {
  auto pool = std::make_shared<ThreadPool>(threads == 0 ? default_threads() : threads);
  std::shared_ptr<ThreadPool> old;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    old = std::move(g_pool);
    g_pool = std::move(pool);
  }
  // `old` is joined here, outside the lock, unless a running batch still holds it.
}

std::shared_ptr<ThreadPool> current_pool() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (!g_pool) g_pool = std::make_shared<ThreadPool>(default_threads());
  return g_pool;
}

std::vector<std::string> compiled_backends() {
#ifdef TC_WITH_CUDA
  return {"cpu", "cuda"};
#else
  return {"cpu"};
#endif
}

}  // namespace tc
