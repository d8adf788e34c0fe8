// Load generator for any unary Summit RPC: keeps a fixed number of calls in
// flight over several channels (callback API) for a fixed time or count,
// then prints throughput and latency percentiles on one line of key=value.
// The request is JSON, turned into the method's request message through the
// linked descriptors; `{n}` in it becomes a number unique to each call (for
// creates), `{n%K}` that number modulo K, `{run}` one unique to this run;
// `--first-n` says where `{n}` starts.
//   summit_load --server 127.0.0.1:50051 --token T
//     --method /summit.directory.v1.DirectoryService/GetPerson
//     --request '{"name":"people/admin"}' --seconds 10 --in-flight 8
// --save-response keeps one response for summit_echo.
// Figures, not assertions: tests/bench/run_bench.py runs it.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "generated_types.h"

namespace pb = google::protobuf;

namespace {

struct Results {
  std::mutex mu;
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  std::string first_error;
};

// Builds each call's request bytes: once when the JSON has no `{n}`.
class Requests {
 public:
  Requests(const pb::Descriptor* type, std::string json, std::string run, int64_t first_n)
      : type_(type), json_(std::move(json)), run_(std::move(run)), counter_(first_n) {}

  // The `{n}` the next call would get: where another run's numbers can start.
  int64_t NextN() const { return counter_.load(); }

  absl::StatusOr<std::string> Make() {
    if (!fixed_.empty()) return fixed_;
    const bool varies = json_.find("{n") != std::string::npos;
    const int64_t n = counter_.fetch_add(1);
    std::string json = absl::StrReplaceAll(json_, {{"{n}", absl::StrCat(n)}, {"{run}", run_}});
    // {n%K}: the call's number modulo K (spreads calls over K resources).
    for (size_t at = json.find("{n%"); at != std::string::npos; at = json.find("{n%", at)) {
      const size_t end = json.find('}', at);
      int64_t k = 0;
      if (end == std::string::npos || !absl::SimpleAtoi(json.substr(at + 3, end - at - 3), &k) ||
          k <= 0) {
        return absl::InvalidArgumentError("request JSON: {n%K} needs a positive K");
      }
      json.replace(at, end - at + 1, absl::StrCat(n % k));
    }
    std::unique_ptr<pb::Message> message(factory_.GetPrototype(type_)->New());
    if (auto s = pb::util::JsonStringToMessage(json, message.get()); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("request JSON: ", s.message().as_string()));
    }
    std::string bytes = message->SerializeAsString();
    if (!varies) fixed_ = bytes;
    return bytes;
  }

 private:
  const pb::Descriptor* type_;
  const std::string json_;
  const std::string run_;
  pb::DynamicMessageFactory factory_{pb::DescriptorPool::generated_pool()};
  std::atomic<int64_t> counter_;
  std::string fixed_;  // set before the calls start, when it does not vary
};

struct Plan {
  std::string method;
  std::string token;
  absl::Time until;
  std::atomic<int64_t>* remaining;  // calls left to start
  std::string save_response;        // where the first OK response's bytes go
  std::atomic<bool>* saved;
};

// One in-flight slot: issues a call, and on completion records it and issues
// the next, until the time or the count runs out.
class Slot {
 public:
  Slot(grpc::GenericStub* stub, const Plan* plan, Requests* requests, Results* results,
       std::atomic<int>* live)
      : stub_(stub), plan_(plan), requests_(requests), results_(results), live_(live) {}

  void Issue() {
    if (absl::Now() >= plan_->until || plan_->remaining->fetch_sub(1) <= 0) {
      live_->fetch_sub(1);
      return;
    }
    absl::StatusOr<std::string> bytes = requests_->Make();
    if (!bytes.ok()) {
      Record(
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(bytes.status().message())));
      live_->fetch_sub(1);
      return;
    }
    grpc::Slice slice(*bytes);
    request_ = grpc::ByteBuffer(&slice, 1);
    ctx_ = std::make_unique<grpc::ClientContext>();
    if (!plan_->token.empty()) ctx_->AddMetadata("authorization", "Bearer " + plan_->token);
    ctx_->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    start_ = absl::Now();
    stub_->UnaryCall(ctx_.get(), plan_->method, grpc::StubOptions(), &request_, &response_,
                     [this](grpc::Status s) {
                       if (s.ok()) SaveResponse();
                       Record(s);
                       Issue();
                     });
  }

 private:
  void SaveResponse() {
    if (plan_->save_response.empty() || plan_->saved->exchange(true)) return;
    std::vector<grpc::Slice> slices;
    if (!response_.Dump(&slices).ok()) return;
    std::ofstream out(plan_->save_response, std::ios::binary);
    for (const grpc::Slice& s : slices) {
      out.write(reinterpret_cast<const char*>(s.begin()), static_cast<std::streamsize>(s.size()));
    }
  }

  void Record(const grpc::Status& s) {
    const int64_t us = absl::ToInt64Microseconds(absl::Now() - start_);
    std::lock_guard<std::mutex> lock(results_->mu);
    if (s.ok()) {
      results_->latencies_us.push_back(us);
    } else if (results_->errors++ == 0) {
      results_->first_error = absl::StrCat(s.error_code(), " ", s.error_message());
    }
  }

  grpc::GenericStub* stub_;
  const Plan* plan_;
  Requests* requests_;
  Results* results_;
  std::atomic<int>* live_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  grpc::ByteBuffer request_, response_;
  absl::Time start_;
};

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Summit load generator"};
  std::string server = "127.0.0.1:50051", token, method, request = "{}", label;
  double seconds = 10;
  int64_t count = 0;
  int channels = 4, in_flight = 8;
  app.add_option("--server", server)->capture_default_str();
  app.add_option("--token", token, "Bearer token (none for the health check)")
      ->envname("SUMMIT_TOKEN");
  app.add_option("--method", method, "/package.Service/Method")->required();
  app.add_option("--request", request, "The request as JSON; {n} unique per call")
      ->capture_default_str();
  app.add_option("--seconds", seconds)->capture_default_str();
  app.add_option("--count", count, "Stop after this many calls (0: by time only)");
  app.add_option("--channels", channels)->capture_default_str();
  app.add_option("--in-flight", in_flight, "Concurrent calls in total")->capture_default_str();
  app.add_option("--label", label, "Printed first, to tell runs apart");
  int64_t first_n = 0;
  app.add_option("--first-n", first_n,
                 "The first call's {n}: runs on a pool of prepared resources start where "
                 "the last stopped (printed as next_n)");
  std::string save_response;
  app.add_option("--save-response", save_response,
                 "Write the first OK response's bytes here (for summit_echo)");
  CLI11_PARSE(app, argc, argv);

  const pb::MethodDescriptor* rpc = summit::bench::FindMethod(method);
  if (rpc == nullptr) {
    std::cerr << "unknown method " << method << " (want /package.Service/Method)\n";
    return 2;
  }
  Requests requests(rpc->input_type(), request,
                    absl::StrCat(absl::ToUnixMicros(absl::Now()) % 100000000), first_n);
  if (absl::StatusOr<std::string> first = requests.Make(); !first.ok()) {
    std::cerr << first.status().message() << "\n";
    return 2;
  }

  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", i);  // distinct connections, not one shared subchannel
    stubs.push_back(std::make_unique<grpc::GenericStub>(
        grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args)));
  }
  Results results;
  std::atomic<int> live{in_flight};
  std::atomic<int64_t> remaining{count > 0 ? count : INT64_MAX};
  std::atomic<bool> saved{false};
  const absl::Time start = absl::Now();
  const Plan plan{.method = method,
                  .token = token,
                  .until = start + absl::Seconds(seconds),
                  .remaining = &remaining,
                  .save_response = save_response,
                  .saved = &saved};
  std::vector<std::unique_ptr<Slot>> slots;
  for (int i = 0; i < in_flight; ++i) {
    slots.push_back(
        std::make_unique<Slot>(stubs[i % channels].get(), &plan, &requests, &results, &live));
  }
  for (auto& s : slots) s->Issue();
  while (live.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);

  std::sort(results.latencies_us.begin(), results.latencies_us.end());
  const auto& l = results.latencies_us;
  std::cout << absl::StrFormat(
      "%slabel=%s in_flight=%d seconds=%.2f ok=%d errors=%d rpc_per_s=%.0f p50_us=%d p99_us=%d "
      "max_us=%d next_n=%d\n",
      "", label.empty() ? rpc->name() : label, in_flight, elapsed, l.size(), results.errors,
      l.size() / elapsed, Percentile(l, 0.5), Percentile(l, 0.99), l.empty() ? 0 : l.back(),
      requests.NextN());
  if (results.errors > 0) std::cout << "first_error=" << results.first_error << "\n";
  return results.errors > 0 ? 1 : 0;
}
