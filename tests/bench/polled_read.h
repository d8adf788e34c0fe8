#pragma once
// The minimal read of minimal_read.h without a blocked thread: the calling
// (gRPC) thread sends the statement on a free connection of a fixed set and
// returns; one thread polls every connection's socket, as pgbench does, and
// finishes each call when its result is in. For the bench's question of how
// much of a read's server cost is the blocking wait itself (summit_echo
// --sql --polled). Figures, not assertions.

#include <libpq-fe.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace summit::bench {

class PolledReads {
 public:
  // Called on the polling thread: true when the statement returned rows,
  // else false with PostgreSQL's message.
  using Done = std::function<void(bool ok, const std::string& error)>;

  // Opens `connections` connections and prepares the statement on each.
  // ok() tells whether that worked; error() why not.
  PolledReads(const std::string& conninfo, const std::string& sql, int connections)
      : epoll_(epoll_create1(EPOLL_CLOEXEC)), wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    for (int i = 0; i < connections && error_.empty(); ++i) {
      auto slot = std::make_unique<Slot>();
      slot->conn.reset(PQconnectdb(conninfo.c_str()));
      if (PQstatus(slot->conn.get()) != CONNECTION_OK) {
        error_ = PQerrorMessage(slot->conn.get());
        break;
      }
      std::unique_ptr<PGresult, decltype(&PQclear)> prepared(
          PQprepare(slot->conn.get(), "minimal", sql.c_str(), 0, nullptr), &PQclear);
      if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
        error_ = PQresultErrorMessage(prepared.get());
        break;
      }
      PQsetnonblocking(slot->conn.get(), 1);
      epoll_event event{.events = EPOLLIN, .data = {.ptr = slot.get()}};
      epoll_ctl(epoll_, EPOLL_CTL_ADD, PQsocket(slot->conn.get()), &event);
      free_.push_back(slot.get());
      slots_.push_back(std::move(slot));
    }
    epoll_event event{.events = EPOLLIN, .data = {.ptr = nullptr}};
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
    if (error_.empty()) poller_ = std::thread([this] { Poll(); });
  }

  ~PolledReads() {
    stopping_ = true;
    // An eventfd write only fails when the counter would overflow, which one
    // write at the end cannot do.
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = write(wake_, &one, sizeof one);
    if (poller_.joinable()) poller_.join();
    close(wake_);
    close(epoll_);
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Sends the statement on a free connection, or queues it for the next
  // one freed; `done` runs on the polling thread.
  void Start(Done done) {
    Slot* slot = nullptr;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (free_.empty()) {
        waiting_.push_back(std::move(done));
        return;
      }
      slot = free_.back();
      free_.pop_back();
      slot->done = std::move(done);
    }
    Send(slot);
  }

 private:
  struct Slot {
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn{nullptr, &PQfinish};
    Done done;
    std::string error;  // of the statement under way; empty while it goes well
    // libpq's connections are not for two threads at once, and the answer
    // can be in before the sending thread is out of libpq.
    std::mutex use;
    bool sent = false;  // a statement is out and its answer not yet read
  };

  void Send(Slot* slot) {
    std::string error;
    {
      const std::lock_guard<std::mutex> lock(slot->use);
      if (PQsendQueryPrepared(slot->conn.get(), "minimal", 0, nullptr, nullptr, nullptr, 0)) {
        while (PQflush(slot->conn.get()) == 1) {
        }
        slot->sent = true;
        return;
      }
      error = PQerrorMessage(slot->conn.get());
    }
    Finish(slot, false, error);  // no result will come
  }

  void Poll() {
    epoll_event events[16];
    while (!stopping_) {
      const int ready = epoll_wait(epoll_, events, 16, -1);
      for (int i = 0; i < ready; ++i) {
        if (events[i].data.ptr != nullptr) Read(static_cast<Slot*>(events[i].data.ptr));
      }
    }
  }

  // Reads what arrived; once the result is whole, finishes its call and
  // hands the connection to the next waiting call or back to the free set.
  void Read(Slot* slot) {
    std::string error;
    {
      const std::lock_guard<std::mutex> lock(slot->use);
      PGconn* conn = slot->conn.get();
      const bool consumed = PQconsumeInput(conn);
      if (!slot->sent) return;  // nothing of ours (a notice, say)
      if (!consumed) {
        error = PQerrorMessage(conn);
      } else {
        for (;;) {
          if (PQisBusy(conn)) return;  // the rest of the answer is still on its way
          PGresult* result = PQgetResult(conn);
          if (result == nullptr) break;
          if (PQresultStatus(result) != PGRES_TUPLES_OK) {
            slot->error = PQresultErrorMessage(result);
            if (slot->error.empty()) slot->error = "the statement returned no rows";
          }
          PQclear(result);
        }
        error = std::move(slot->error);
        slot->error.clear();
      }
      slot->sent = false;
    }
    Finish(slot, error.empty(), error);
  }

  void Finish(Slot* slot, bool ok, const std::string& error) {
    Done done = std::move(slot->done);
    bool next = false;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (waiting_.empty()) {
        free_.push_back(slot);
      } else {
        slot->done = std::move(waiting_.front());
        waiting_.pop_front();
        next = true;
      }
    }
    if (next) Send(slot);
    if (done) done(ok, error);
  }

  const int epoll_, wake_;
  std::string error_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex mutex_;
  std::vector<Slot*> free_;
  std::deque<Done> waiting_;
  std::thread poller_;
  std::atomic<bool> stopping_{false};
};

}  // namespace summit::bench
