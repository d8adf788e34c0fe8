#include "services/common/session_connection.h"

namespace summit {

// connection_base keeps a reference to the policy and uses it only in
// init(), after the members below are built (as pqxx::connection does).
SessionConnection::SessionConnection(const std::string& options)
    : connection_base(policy_), options_(options), policy_(options_) {
  init();
}

SessionConnection::~SessionConnection() noexcept { close(); }

thread_local SessionConnection* SessionConnection::current_ = nullptr;

}  // namespace summit
