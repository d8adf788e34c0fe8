#pragma once
// The connection a DbSession holds: libpqxx's, plus its libpq handle, which
// libpqxx 6 keeps to itself. Document reads use the handle to run a prepared
// statement straight through libpq (doc_query.h): results in binary, and no
// notification check after each statement (libpqxx asks the socket for
// notifications after every statement: a system call that finds nothing).
//
// libpqxx builds its connections from a connection policy, which is handed
// the handle whenever it changes (connect, reconnect, disconnect); this
// policy keeps the latest. A documented extension point of libpqxx 6, the
// same shape as its own pqxx::connection.

#include <libpq-fe.h>

#include <pqxx/connection>
#include <string>

namespace summit {

class SessionConnection final : public pqxx::connection_base {
 public:
  // Connects at once; pqxx::broken_connection when it cannot.
  explicit SessionConnection(const std::string& options);
  ~SessionConnection() noexcept;

  // The open connection's libpq handle; null when closed.
  PGconn* handle() const { return is_open() ? policy_.current() : nullptr; }

  // Marks the connection the calling thread's unit of work runs on
  // (transaction.h), while in scope: libpqxx's connections have no virtual
  // functions to tell a SessionConnection by, so a statement finds out
  // whether its transaction's connection is this one by address.
  class InUse {
   public:
    explicit InUse(SessionConnection* conn) : previous_(current_) { current_ = conn; }
    ~InUse() { current_ = previous_; }
    InUse(const InUse&) = delete;
    InUse& operator=(const InUse&) = delete;

   private:
    SessionConnection* previous_;
  };

  // The handle of `conn` when it is the connection in use on this thread,
  // else null (the caller then goes through libpqxx).
  static PGconn* HandleOf(const pqxx::connection_base& conn) {
    const SessionConnection* in_use = current_;
    return in_use != nullptr && in_use == &conn ? in_use->handle() : nullptr;
  }

 private:
  class HandleKeepingPolicy final : public pqxx::connect_direct {
   public:
    explicit HandleKeepingPolicy(const std::string& options) : connect_direct(options) {}
    handle do_startconnect(handle h) override {
      return handle_ = connect_direct::do_startconnect(h);
    }
    handle do_completeconnect(handle h) override {
      return handle_ = connect_direct::do_completeconnect(h);
    }
    handle do_dropconnect(handle h) noexcept override {
      return handle_ = connect_direct::do_dropconnect(h);
    }
    handle do_disconnect(handle h) noexcept override {
      return handle_ = connect_direct::do_disconnect(h);
    }
    PGconn* current() const { return handle_; }

   private:
    PGconn* handle_ = nullptr;
  };

  static thread_local SessionConnection* current_;

  // Declared in this order: libpqxx's own connection class keeps the
  // options before the policy that reads them.
  std::string options_;
  HandleKeepingPolicy policy_;
};

}  // namespace summit
