#pragma once
// The minimal read of minimal_read.h sent in libpq's pipeline mode on one of a
// few shared connections: the calling (gRPC) thread queues its statement and
// returns; while a batch is out on the connection, statements gather behind
// it, and when its sync comes back the polling thread sends them all with one
// sync — as a group commit does. One thread polls the connections and
// finishes each call, in order, when its result is in. A batch costs the
// backend one wake-up, one read and one write however many calls it holds.
// For the bench's question of whether a read's round trip costs less when
// calls share it (summit_echo --sql --pipelined N). Figures, not assertions.

#include <libpq-fe.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bench_pg.h"

namespace summit::bench {

class PipelinedReads {
 public:
  // Called on the polling thread: true when the statement returned rows,
  // else false with PostgreSQL's message.
  using Done = std::function<void(bool ok, const std::string& error)>;

  PipelinedReads(const std::string& conninfo, const std::string& sql, int connections) {
    for (int i = 0; i < connections && error_.empty(); ++i) {
      auto slot = std::make_unique<Slot>();
      slot->conn = ConnectPrepared(conninfo, sql, &error_);
      if (!slot->conn) break;
      PQsetnonblocking(slot->conn.get(), 1);
      if (!PQenterPipelineMode(slot->conn.get())) {
        error_ = PQerrorMessage(slot->conn.get());
        break;
      }
      poller_.Watch(PQsocket(slot->conn.get()), slot.get());
      slots_.push_back(std::move(slot));
    }
    if (error_.empty()) poller_.Start([this](void* slot) { Read(static_cast<Slot*>(slot)); });
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Queues the statement on the next connection in turn, sent at once when
  // no batch is out on it, else with the next batch; `done` runs on the
  // polling thread once its result is read.
  void Start(Done done) {
    Slot* slot = slots_[next_.fetch_add(1, std::memory_order_relaxed) % slots_.size()].get();
    std::string error;
    {
      const std::lock_guard<std::mutex> lock(slot->use);
      PGconn* conn = slot->conn.get();
      // In pipeline mode libpq keeps the statement in its buffer until a sync.
      if (PQsendQueryPrepared(conn, kMinimal, 0, nullptr, nullptr, nullptr, 0)) {
        slot->out.push_back(std::move(done));
        ++slot->unsynced;
        if (slot->batch_out || SendBatch(slot)) return;
        done = std::move(slot->out.back());
        slot->out.pop_back();
      }
      error = PQerrorMessage(conn);
    }
    done(false, error);
  }

 private:
  struct Slot {
    Connection conn{nullptr, &PQfinish};
    std::mutex use;          // libpq's connections are not for two threads at once
    std::deque<Done> out;    // the calls whose statements are out, in order sent
    int unsynced = 0;        // statements of `out` not yet followed by a sync
    bool batch_out = false;  // a sync is out and has not come back
    std::string error;       // of the statement whose result is being read
  };

  // Ends the gathered statements with a sync and sends them.
  static bool SendBatch(Slot* slot) {
    if (!PQpipelineSync(slot->conn.get())) return false;
    while (PQflush(slot->conn.get()) == 1) {
    }
    slot->unsynced = 0;
    slot->batch_out = true;
    return true;
  }

  // Reads what arrived, finishes every call whose result is whole, and sends
  // the statements gathered meanwhile once the batch's sync is back.
  void Read(Slot* slot) {
    std::vector<std::pair<Done, std::string>> finished;
    {
      const std::lock_guard<std::mutex> lock(slot->use);
      PGconn* conn = slot->conn.get();
      if (!PQconsumeInput(conn)) {
        const std::string error = PQerrorMessage(conn);
        while (!slot->out.empty()) {
          finished.emplace_back(std::move(slot->out.front()), error);
          slot->out.pop_front();
        }
      }
      while (slot->batch_out && !PQisBusy(conn)) {
        PGresult* result = PQgetResult(conn);
        if (result == nullptr) {         // the end of one statement's results
          if (slot->out.empty()) break;  // not expected: nothing is waiting for it
          std::string error = std::move(slot->error);
          slot->error.clear();
          finished.emplace_back(std::move(slot->out.front()), std::move(error));
          slot->out.pop_front();
          continue;
        }
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_PIPELINE_SYNC) {
          slot->batch_out = false;
          if (slot->unsynced > 0 && !SendBatch(slot)) {
            // The rest cannot be sent: fail them below with libpq's reason.
            PQclear(result);
            break;
          }
        } else if (status != PGRES_TUPLES_OK) {
          slot->error = PQresultErrorMessage(result);
          if (slot->error.empty()) slot->error = "the statement returned no rows";
        }
        PQclear(result);
      }
    }
    for (auto& [done, error] : finished) done(error.empty(), error);
  }

  std::string error_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<unsigned> next_{0};
  SocketPoller poller_;  // last: stopped before the rest goes
};

}  // namespace summit::bench
