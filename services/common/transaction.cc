#include "services/common/transaction.h"

#include <pqxx/except>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace summit {

absl::Status TranslateDbException(bool* retry, const CallContext* call) {
  *retry = false;
  try {
    throw;
  } catch (const pqxx::in_doubt_error&) {
    // The commit may have landed: re-running could apply it twice. Callers
    // resolve it by retrying with the same request_id.
    return absl::UnavailableError(
        "the outcome of the change is unknown; retry with the same request_id");
  } catch (const pqxx::broken_connection&) {
    *retry = true;
    return absl::UnavailableError("lost the connection to the database");
  } catch (const pqxx::serialization_failure&) {
    *retry = true;
    return absl::AbortedError("serialization failure");
  } catch (const pqxx::deadlock_detected&) {
    *retry = true;
    return absl::AbortedError("deadlock");
  } catch (const pqxx::unique_violation&) {
    return absl::AlreadyExistsError("the resource already exists");
  } catch (const pqxx::sql_error& e) {
    if (e.sqlstate() == "57014") return absl::DeadlineExceededError("deadline exceeded");
    if (e.sqlstate() == "40001" || e.sqlstate() == "40P01") {
      *retry = true;
      return absl::AbortedError("serialization failure");
    }
    log::At(log::Level::kError, call, "database error {}: {}", e.sqlstate(), e.what());
    return absl::InternalError("internal database error");
  } catch (const std::exception& e) {
    log::At(log::Level::kError, call, "error in a transaction: {}", e.what());
    return absl::InternalError("internal error");
  }
}

void BackoffBeforeRetry(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int base_ms = 5 << attempt;
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution<int>(base_ms / 2, base_ms)(rng)));
}

}  // namespace summit
