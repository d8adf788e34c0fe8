#pragma once
// The minimal read of minimal_read.h without a blocked thread: the calling
// (gRPC) thread sends the statement on a free connection of a fixed set and
// returns; one thread polls every connection's socket, as pgbench does, and
// finishes each call when its result is in. For the bench's question of how
// much of a read's server cost is the blocking wait itself (summit_echo
// --sql --polled). Figures, not assertions.

#include <libpq-fe.h>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bench_pg.h"

namespace summit::bench {

class PolledReads {
 public:
  // Called on the polling thread: true when the statement returned rows,
  // else false with PostgreSQL's message.
  using Done = std::function<void(bool ok, const std::string& error)>;

  // Opens `connections` connections and prepares the statement on each.
  // ok() tells whether that worked; error() why not.
  PolledReads(const std::string& conninfo, const std::string& sql, int connections) {
    for (int i = 0; i < connections && error_.empty(); ++i) {
      auto slot = std::make_unique<Slot>();
      slot->conn = ConnectPrepared(conninfo, sql, &error_);
      if (!slot->conn) break;
      PQsetnonblocking(slot->conn.get(), 1);
      poller_.Watch(PQsocket(slot->conn.get()), slot.get());
      free_.push_back(slot.get());
      slots_.push_back(std::move(slot));
    }
    if (error_.empty()) poller_.Start([this](void* slot) { Read(static_cast<Slot*>(slot)); });
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
    Connection conn{nullptr, &PQfinish};
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
      if (PQsendQueryPrepared(slot->conn.get(), kMinimal, 0, nullptr, nullptr, nullptr, 0)) {
        while (PQflush(slot->conn.get()) == 1) {
        }
        slot->sent = true;
        return;
      }
      error = PQerrorMessage(slot->conn.get());
    }
    Finish(slot, false, error);  // no result will come
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

  std::string error_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex mutex_;
  std::vector<Slot*> free_;
  std::deque<Done> waiting_;
  SocketPoller poller_;  // last: stopped before the rest goes
};

}  // namespace summit::bench
