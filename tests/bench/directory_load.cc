// Load generator for the directory: keeps a fixed number of calls in flight
// over several channels for a fixed time, then prints throughput and latency
// percentiles. Figures, not assertions: see docs/benchmarks.md.
//   directory_load --server 127.0.0.1:50051 --token T --method get --seconds 10

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"

namespace dv1 = summit::directory::v1;

namespace {

struct Results {
  std::mutex mu;
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  std::string first_error;
};

// One in-flight slot: issues a call, and on completion records it and issues
// the next, until the deadline.
class Slot {
 public:
  Slot(dv1::DirectoryService::Stub* stub, const std::string& token, const std::string& method,
       int id, absl::Time until, Results* results, std::atomic<int>* live)
      : stub_(stub),
        token_(token),
        method_(method),
        id_(id),
        until_(until),
        results_(results),
        live_(live) {}

  void Start() { Issue(); }

 private:
  void Issue() {
    if (absl::Now() >= until_) {
      live_->fetch_sub(1);
      return;
    }
    ctx_ = std::make_unique<grpc::ClientContext>();
    ctx_->AddMetadata("authorization", "Bearer " + token_);
    ctx_->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    start_ = absl::Now();
    auto done = [this](grpc::Status s) { Done(s); };
    if (method_ == "get") {
      get_.set_name("people/admin");
      stub_->async()->GetPerson(ctx_.get(), &get_, &person_, done);
    } else if (method_ == "list") {
      list_.set_page_size(20);
      stub_->async()->ListOrganizations(ctx_.get(), &list_, &orgs_, done);
    } else {
      create_.set_organization_id(absl::StrCat("bench-", id_, "-", ++seq_, "-", rand_));
      auto* o = create_.mutable_organization();
      o->set_display_name("Benchmark institute");
      o->set_kind(dv1::Organization::KIND_THINK_TANK);
      o->set_country_code("KZ");
      create_.set_request_id(create_.organization_id());
      stub_->async()->CreateOrganization(ctx_.get(), &create_, &org_, done);
    }
  }

  void Done(const grpc::Status& s) {
    const int64_t us = absl::ToInt64Microseconds(absl::Now() - start_);
    {
      std::lock_guard<std::mutex> lock(results_->mu);
      if (s.ok()) {
        results_->latencies_us.push_back(us);
      } else {
        if (results_->errors++ == 0) results_->first_error = s.error_message();
      }
    }
    Issue();
  }

  dv1::DirectoryService::Stub* stub_;
  const std::string& token_;
  const std::string& method_;
  const int id_;
  const absl::Time until_;
  Results* results_;
  std::atomic<int>* live_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  absl::Time start_;
  int seq_ = 0;
  const uint32_t rand_ = static_cast<uint32_t>(absl::ToUnixNanos(absl::Now()));
  dv1::GetPersonRequest get_;
  dv1::Person person_;
  dv1::ListOrganizationsRequest list_;
  dv1::ListOrganizationsResponse orgs_;
  dv1::CreateOrganizationRequest create_;
  dv1::Organization org_;
};

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"directory load generator"};
  std::string server = "127.0.0.1:50051", token, method = "get";
  int seconds = 10, channels = 4, in_flight = 32;
  app.add_option("--server", server)->capture_default_str();
  app.add_option("--token", token)->required()->envname("SUMMIT_TOKEN");
  app.add_option("--method", method, "get, list or create")
      ->check(CLI::IsMember({"get", "list", "create"}));
  app.add_option("--seconds", seconds)->capture_default_str();
  app.add_option("--channels", channels)->capture_default_str();
  app.add_option("--in-flight", in_flight, "Concurrent calls in total")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::vector<std::unique_ptr<dv1::DirectoryService::Stub>> stubs;
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", i);  // distinct connections, not one shared subchannel
    stubs.push_back(dv1::DirectoryService::NewStub(
        grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args)));
  }
  Results results;
  std::atomic<int> live{in_flight};
  const absl::Time start = absl::Now();
  const absl::Time until = start + absl::Seconds(seconds);
  std::vector<std::unique_ptr<Slot>> slots;
  for (int i = 0; i < in_flight; ++i) {
    slots.push_back(std::make_unique<Slot>(stubs[i % channels].get(), token, method, i, until,
                                           &results, &live));
  }
  for (auto& s : slots) s->Start();
  while (live.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);

  std::sort(results.latencies_us.begin(), results.latencies_us.end());
  const auto& l = results.latencies_us;
  std::cout << absl::StrFormat(
      "method=%s channels=%d in_flight=%d seconds=%.1f ok=%d errors=%d rpc_per_s=%.0f "
      "p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
      method, channels, in_flight, elapsed, l.size(), results.errors, l.size() / elapsed,
      Percentile(l, 0.5), Percentile(l, 0.9), Percentile(l, 0.99), l.empty() ? 0 : l.back());
  if (results.errors > 0) std::cout << "first error: " << results.first_error << "\n";
  return results.errors > 0 ? 1 : 0;
}
