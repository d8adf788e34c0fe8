#pragma once
// What the bench's bare read servers share (minimal_read.h, polled_read.h,
// pipelined_read.h): a libpq connection with the call's statement prepared,
// and one thread that waits on many sockets at once, as pgbench does.

#include <libpq-fe.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace summit::bench {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

// The statement every bare server runs, prepared under this name.
inline constexpr const char* kMinimal = "minimal";

// A connection to `conninfo` with `sql` prepared as kMinimal; null, with
// `error` set, when either failed.
inline Connection ConnectPrepared(const std::string& conninfo, const std::string& sql,
                                  std::string* error) {
  Connection conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    *error = PQerrorMessage(conn.get());
    return Connection(nullptr, &PQfinish);
  }
  const std::unique_ptr<PGresult, decltype(&PQclear)> prepared(
      PQprepare(conn.get(), kMinimal, sql.c_str(), 0, nullptr), &PQclear);
  if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
    *error = PQresultErrorMessage(prepared.get());
    return Connection(nullptr, &PQfinish);
  }
  return conn;
}

// One thread that calls `on_ready(tag)` for each watched socket with
// something to read, until the poller is destroyed. Declare it after what
// `on_ready` uses: it stops first.
class SocketPoller {
 public:
  SocketPoller() : epoll_(epoll_create1(EPOLL_CLOEXEC)), wake_(eventfd(0, EFD_CLOEXEC)) {
    epoll_event event{.events = EPOLLIN, .data = {.ptr = nullptr}};
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  }
  ~SocketPoller() {
    stopping_ = true;
    // An eventfd write only fails when the counter would overflow, which one
    // write at the end cannot do.
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = write(wake_, &one, sizeof one);
    if (thread_.joinable()) thread_.join();
    close(wake_);
    close(epoll_);
  }
  SocketPoller(const SocketPoller&) = delete;
  SocketPoller& operator=(const SocketPoller&) = delete;

  // Before Start.
  void Watch(int socket, void* tag) {
    epoll_event event{.events = EPOLLIN, .data = {.ptr = tag}};
    epoll_ctl(epoll_, EPOLL_CTL_ADD, socket, &event);
  }
  void Start(std::function<void(void* tag)> on_ready) {
    thread_ = std::thread([this, on_ready = std::move(on_ready)] {
      epoll_event events[16];
      while (!stopping_) {
        const int ready = epoll_wait(epoll_, events, 16, -1);
        for (int i = 0; i < ready; ++i) {
          if (events[i].data.ptr != nullptr) on_ready(events[i].data.ptr);
        }
      }
    });
  }

 private:
  const int epoll_, wake_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace summit::bench
