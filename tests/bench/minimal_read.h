// The least database work a read server can do per call: one prepared
// statement, one round trip, on the thread that took the call, over a libpq
// connection that thread keeps open. No transaction, no statement timeout, no
// decoding of the rows. summit_echo runs it before answering (--sql): the
// floor of a read with its database in, to measure summitd's reads against.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "bench_pg.h"

namespace summit::bench {

class MinimalRead {
 public:
  MinimalRead(std::string conninfo, std::string sql)
      : conninfo_(std::move(conninfo)), sql_(std::move(sql)) {}

  // Runs the statement once on this thread's connection, opened and the
  // statement prepared on the thread's first call (one MinimalRead a process:
  // the connection is the thread's, not the object's). False, with `error`
  // set, when it did not run; the connection is then dropped and reopened on
  // the next call.
  bool Run(std::string* error) const {
    thread_local Connection conn(nullptr, &PQfinish);
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
      conn = ConnectPrepared(conninfo_, sql_, error);
      if (!conn) return false;
    }
    std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexecPrepared(conn.get(), kMinimal, 0, nullptr, nullptr, nullptr, 0), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      *error = PQresultErrorMessage(result.get());
      conn.reset();
      return false;
    }
    return true;
  }

 private:
  const std::string conninfo_, sql_;
};

}  // namespace summit::bench
