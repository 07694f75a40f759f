#include "thread_pool.hpp"

#include <algorithm>
#include <atomic>

namespace tc {

// Shared by the caller and the workers helping it. Workers may still hold it after the caller has
// returned, so they touch `body` (which lives on the caller's stack) only after claiming a chunk,
// and no chunk can be claimed once the loop is done.
struct ThreadPool::Loop {
  const RangeFn* body;
  std::size_t n;
  std::size_t chunk;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex mutex;
  std::condition_variable finished;
};

ThreadPool::ThreadPool(unsigned threads) {
  const unsigned workers = threads > 1 ? threads - 1 : 0;
  workers_.reserve(workers);
  for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { worker_main(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

void ThreadPool::drain(Loop& loop) {
  for (;;) {
    const std::size_t begin = loop.next.fetch_add(loop.chunk, std::memory_order_relaxed);
    if (begin >= loop.n) return;
    const std::size_t end = std::min(begin + loop.chunk, loop.n);
    (*loop.body)(begin, end);
    const std::size_t count = end - begin;
    if (loop.done.fetch_add(count, std::memory_order_acq_rel) + count == loop.n) {
      // Taking the lock orders this notify after the caller's predicate check: no lost wake-up.
      std::lock_guard<std::mutex> lock(loop.mutex);
      loop.finished.notify_all();
    }
  }
}

void ThreadPool::run_ranges(std::size_t n, const RangeFn& body) {
  if (n == 0) return;
  auto loop = std::make_shared<Loop>();
  loop->body = &body;
  loop->n = n;
  // Several chunks per thread so that series of very different lengths still balance.
  const std::size_t target_chunks = static_cast<std::size_t>(threads()) * 16;
  loop->chunk = std::max<std::size_t>(1, n / target_chunks);

  const std::size_t chunks = (n + loop->chunk - 1) / loop->chunk;
  const std::size_t helpers = std::min<std::size_t>(workers_.size(), chunks - 1);
  if (helpers > 0) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (std::size_t i = 0; i < helpers; ++i) queue_.push_back(loop);
    }
    if (helpers == workers_.size()) {
      wake_.notify_all();
    } else {
      for (std::size_t i = 0; i < helpers; ++i) wake_.notify_one();
    }
  }

  drain(*loop);
  std::unique_lock<std::mutex> lock(loop->mutex);
  loop->finished.wait(lock, [&] { return loop->done.load(std::memory_order_acquire) == n; });
}

void ThreadPool::worker_main() {
  for (;;) {
    std::shared_ptr<Loop> loop;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Callers drain their own loops, so no queued entry ever needs a worker to finish it.
      if (stopping_) return;
      loop = std::move(queue_.front());
      queue_.pop_front();
    }
    drain(*loop);
  }
}

}  // namespace tc
