// BuildAhead: builds a batch's Xapian documents on a thread of its own while the writer adds
// the ones already built, so analysis (ICU, stemming, hashtag segmentation) and Xapian's
// writes use both cores. The thread lives as long as the object, so the per-thread analysis
// state (break iterators, stemmers, the hashtag cache) is made once, not once per batch.
//
// Thread-safety: one batch at a time, driven by one thread (the writer's); the builder thread
// is internal.
#ifndef MIKROS_STORAGE_BUILD_AHEAD_H
#define MIKROS_STORAGE_BUILD_AHEAD_H

#include <xapian.h>

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mikros::store {

class BuildAhead {
 public:
  using BuildFn = std::function<Xapian::Document(std::size_t)>;

  BuildAhead() : thread_([this] { run(); }) {}
  ~BuildAhead() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      cancel_ = true;
    }
    job_cv_.notify_all();
    thread_.join();
  }
  BuildAhead(const BuildAhead&) = delete;
  BuildAhead& operator=(const BuildAhead&) = delete;

  // Starts building documents 0..n-1 with `build` (which must stay valid until finish()).
  void start(std::size_t n, BuildFn build) {
    std::lock_guard lock(mu_);
    docs_.assign(n, Xapian::Document());
    errors_.assign(n, nullptr);
    built_ = 0;
    total_ = n;
    cancel_ = false;
    build_ = std::move(build);
    busy_ = true;
    job_cv_.notify_all();
  }

  // Document i, once built (in order); rethrows what building it threw.
  Xapian::Document take(std::size_t i) {
    std::unique_lock lock(mu_);
    built_cv_.wait(lock, [&] { return built_ > i; });
    if (errors_[i]) std::rethrow_exception(errors_[i]);
    return std::move(docs_[i]);
  }

  // Stops building what is left and waits until the builder no longer uses the job: called
  // before the data behind `build` goes away, on success and failure alike.
  void finish() {
    std::unique_lock lock(mu_);
    cancel_ = true;
    built_cv_.wait(lock, [&] { return !busy_; });
    build_ = nullptr;
    docs_.clear();
    errors_.clear();
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      job_cv_.wait(lock, [&] { return stopping_ || busy_; });
      if (stopping_ && !busy_) return;
      for (std::size_t i = 0; i < total_ && !cancel_; ++i) {
        lock.unlock();
        Xapian::Document doc;
        std::exception_ptr error;
        try {
          doc = build_(i);
        } catch (...) {
          error = std::current_exception();
        }
        lock.lock();
        docs_[i] = std::move(doc);
        errors_[i] = error;
        built_ = i + 1;
        built_cv_.notify_all();
      }
      busy_ = false;
      built_cv_.notify_all();
      if (stopping_) return;
    }
  }

  std::mutex mu_;
  std::condition_variable job_cv_;    // a job to start, or stopping
  std::condition_variable built_cv_;  // a document built, or the job over
  std::vector<Xapian::Document> docs_;
  std::vector<std::exception_ptr> errors_;
  std::size_t built_ = 0;
  std::size_t total_ = 0;
  bool busy_ = false;
  bool cancel_ = false;
  bool stopping_ = false;
  BuildFn build_;
  std::thread thread_;  // last: started once the state above exists
};

}  // namespace mikros::store

#endif  // MIKROS_STORAGE_BUILD_AHEAD_H
