#pragma once
// A read tried on the gRPC thread that took the call, with one of the pool's
// idle connections, before handing it to a database worker (RpcRunner): it
// saves the hand-off's wake-ups, a third of a short read's CPU. The attempt
// must stay short and must not wait on anything a gRPC thread would have to
// serve, so anything else gives it up and the call runs again on the pool:
// a write, a transaction or a lock (RunTransaction, RunAutocommit), a call to
// another service (ServiceClient, which needs a free gRPC thread to answer
// it), reconnecting, a retry, or a statement past the attempt's short bound.

#include <string_view>

namespace summit {

class InlineAttempt final {
 public:
  InlineAttempt();
  ~InlineAttempt();
  InlineAttempt(const InlineAttempt&) = delete;
  InlineAttempt& operator=(const InlineAttempt&) = delete;

  // Whether this thread is running an inline attempt now.
  static bool Active();
  // Gives this thread's attempt up (no-op outside one): whatever the work
  // returns, the call runs again on the pool. `why`: a literal.
  static void GiveUp(std::string_view why);

  bool given_up() const { return given_up_; }
  // Why, for the log; empty while not given up.
  std::string_view why() const { return why_; }

 private:
  InlineAttempt* previous_;
  bool given_up_ = false;
  std::string_view why_;
};

}  // namespace summit
