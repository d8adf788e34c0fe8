#include "services/common/access_log.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/common/call_context.h"
#include "services/common/logging.h"
#include "services/common/metrics.h"
#include "services/common/status.h"
#include "services/common/trace_context.h"
#include "services/common/validation.h"

namespace summit {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr absl::string_view kHealthMethodPrefix = "/grpc.health.v1.Health/";

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i < static_cast<int>(std::size(kNames)) ? kNames[i] : "UNKNOWN";
}

// A header value fit for a log line: printable ASCII, bounded.
bool IsSaneId(absl::string_view id) {
  return !id.empty() && id.size() <= 128 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// The caller's request id when it is a sane one, else a new one.
std::string RequestIdOf(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  auto id = metadata.find(kRequestIdMetadata);
  if (id != metadata.end() && IsSaneId(absl::string_view(id->second.data(), id->second.size()))) {
    return std::string(id->second.data(), id->second.size());
  }
  return GenerateId();
}

std::string PeerOf(const grpc::ServerContextBase& ctx,
                   const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  auto proof = metadata.find(kGatewayProofMetadata);
  auto address = metadata.find(kClientAddressMetadata);
  if (proof != metadata.end() && address != metadata.end() && address->second.size() <= 64 &&
      absl::string_view(proof->second.data(), proof->second.size()) == GatewayProof()) {
    return std::string(address->second.data(), address->second.size());
  }
  return ctx.peer();
}

class AccessLogInterceptor;

// Which interceptor belongs to which call, so the handler can tell it who
// the caller turned out to be.
class CallRegistry {
 public:
  void Add(const grpc::ServerContextBase* ctx, AccessLogInterceptor* interceptor) {
    absl::MutexLock lock(&mu_);
    calls_[ctx] = interceptor;
  }
  // Only its own entry: a context reused by the next call may already be
  // registered again.
  void Remove(const grpc::ServerContextBase* ctx, const AccessLogInterceptor* interceptor) {
    absl::MutexLock lock(&mu_);
    if (auto it = calls_.find(ctx); it != calls_.end() && it->second == interceptor) {
      calls_.erase(it);
    }
  }
  void NotePrincipal(const grpc::ServerContextBase* ctx, const std::string& subject);

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, AccessLogInterceptor*> calls_
      ABSL_GUARDED_BY(mu_);
};

CallRegistry& Registry() {
  static CallRegistry* const kRegistry = new CallRegistry();
  return *kRegistry;
}

class AccessLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit AccessLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : ctx_(info->server_context()), method_(info->method()), start_(absl::Now()) {
    Registry().Add(ctx_, this);
  }
  ~AccessLogInterceptor() override {
    Registry().Remove(ctx_, this);
    // A call that ended without a status (its client went away) is logged too.
    if (!logged_) Log(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      TagMetadata(methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Log(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

  void SetPrincipal(const std::string& subject) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    principal_ = subject;
  }

 private:
  // Takes the call's ids and leaves them in the metadata for the handler.
  // The map holds views: the strings they point to live in this
  // interceptor, which lives as long as the call.
  void TagMetadata(std::multimap<grpc::string_ref, grpc::string_ref>* metadata) {
    entry_.emplace(*ctx_, method_, start_);
    if (auto it = metadata->find(kRequestIdMetadata); it != metadata->end()) metadata->erase(it);
    metadata->emplace(kRequestIdMetadata, entry_->request_id());
    if (auto it = metadata->find(kTraceParentMetadata); it != metadata->end()) metadata->erase(it);
    traceparent_ = entry_->span().ToHeader();
    metadata->emplace(kTraceParentMetadata, traceparent_);
  }

  void Log(grpc::StatusCode code) {
    logged_ = true;
    if (!entry_) entry_.emplace(*ctx_, method_, start_);  // no metadata ever arrived
    {
      absl::MutexLock lock(&mu_);
      entry_->set_principal(principal_);
    }
    entry_->Write(code);
  }

  const grpc::ServerContextBase* const ctx_;
  const std::string method_;
  const absl::Time start_;
  bool logged_ = false;
  std::optional<CallLogEntry> entry_;
  std::string traceparent_;
  absl::Mutex mu_;
  std::string principal_ ABSL_GUARDED_BY(mu_);
};

void CallRegistry::NotePrincipal(const grpc::ServerContextBase* ctx, const std::string& subject) {
  absl::MutexLock lock(&mu_);
  if (auto it = calls_.find(ctx); it != calls_.end()) it->second->SetPrincipal(subject);
}

class AccessLogFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AccessLogFactory(std::shared_ptr<const absl::flat_hash_set<std::string>> skipped)
      : skipped_(std::move(skipped)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // No interceptor at all (null) leaves gRPC's interception hooks out of the call.
    if (info->method() != nullptr && skipped_->contains(info->method())) return nullptr;
    return new AccessLogInterceptor(info);
  }

 private:
  const std::shared_ptr<const absl::flat_hash_set<std::string>> skipped_;
};

}  // namespace

CallLogEntry::CallLogEntry(const grpc::ServerContextBase& ctx, std::string method, absl::Time start)
    : method_(std::move(method)), start_(start) {
  const auto& metadata = ctx.client_metadata();
  request_id_ = RequestIdOf(metadata);
  std::optional<TraceParent> caller;
  if (auto it = metadata.find(kTraceParentMetadata); it != metadata.end()) {
    caller = ParseTraceParent(absl::string_view(it->second.data(), it->second.size()));
  }
  span_ = caller ? ChildOf(*caller) : NewTrace();
  if (caller) parent_span_id_ = caller->span_id;
  peer_ = PeerOf(ctx, metadata);
}

void CallLogEntry::Write(grpc::StatusCode code) const {
  const absl::Duration latency = absl::Now() - start_;
  const char* code_name = CodeName(code);
  // A method nobody serves is named by the client: one label for all of
  // them, so a client cannot grow the metrics without bound.
  metrics::RecordCall(code == grpc::StatusCode::UNIMPLEMENTED ? "unknown" : method_, code_name,
                      latency);
  // Debug only: health checks (every few seconds from every prober) and a
  // server's own background polling (a service credential, no trace
  // passed on, answered OK). Calls made on a person's behalf carry the
  // trace and stay at info.
  const bool background = absl::StartsWith(principal_, "services/") && parent_span_id_.empty() &&
                          code == grpc::StatusCode::OK;
  const log::Level level = absl::StartsWith(method_, kHealthMethodPrefix) || background
                               ? log::Level::kDebug
                               : log::Level::kInfo;
  if (!log::Enabled(level)) return;
  log::WriteAccess(level, {.method = method_,
                           .code = code_name,
                           .latency = latency,
                           .principal = principal_,
                           .request_id = request_id_,
                           .peer = peer_,
                           .trace_id = span_.trace_id,
                           .span_id = span_.span_id,
                           .parent_span_id = parent_span_id_});
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewAccessLogFactory(
    std::shared_ptr<const absl::flat_hash_set<std::string>> logged_by_their_reactors) {
  return std::make_unique<AccessLogFactory>(std::move(logged_by_their_reactors));
}

void NoteCallPrincipal(const grpc::ServerContextBase& ctx, const std::string& subject) {
  Registry().NotePrincipal(&ctx, subject);
}

}  // namespace summit
