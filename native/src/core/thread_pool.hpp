// A fixed set of threads that splits one loop over series at a time (or several loops from
// concurrent batches). The calling thread always works on its own loop too, so a loop makes
// progress even while every worker is busy with another batch, and a pool of one thread has no
// workers at all.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tc {

class ThreadPool {
 public:
  // threads >= 1 counts the calling thread.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // Calls fn(i) once for every i in [0, n) and returns when all calls have returned.
  // fn must not throw and may run on several threads at once.
  template <class Fn>
  void parallel_for(std::size_t n, const Fn& fn) {
    run_ranges(n, [&fn](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) fn(i);
    });
  }

 private:
  struct Loop;
  using RangeFn = std::function<void(std::size_t, std::size_t)>;

  void run_ranges(std::size_t n, const RangeFn& body);
  void worker_main();
  static void drain(Loop& loop);

  std::vector<std::thread> workers_;
  std::mutex mutex_;  // guards queue_ and stopping_
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Loop>> queue_;
  bool stopping_ = false;
};

}  // namespace tc
