// The no-database floor of one call with its real payload: a gRPC server on
// the callback API that answers every call with one recorded response (what
// summitd returned, saved by summit_load --save-response). Per call it does
// what any server of this RPC must: parses the request into the method's
// request type and serialises the response message. No database, no
// authentication, no logging: what is left of a call's cost when its payload
// is the real one. run_bench.py runs it beside summitd.
//   summit_echo --method /summit.recommendations.v1.RecommendationService/ListRecommendations
//     --response-file page.bin --port-file port
// With --conninfo and --sql it also runs that statement once per call before
// answering (minimal_read.h): a read's floor with its database round trip in.
// With --polled N as well, the statement goes out on one of N connections
// without blocking the gRPC thread, and one polling thread finishes the call
// (polled_read.h): the same round trip without a thread waiting on it. With
// --pipelined N instead, calls' statements share N connections in libpq's
// pipeline mode, gathered into batches (pipelined_read.h); --wait-pipelined
// keeps each gRPC thread waiting for its own result, as summitd's handlers do.
// With --unary the method is served as summitd serves it, and
// --token-key-file and --log-calls add summitd's authentication and access
// entry to every call (unary_echo.h): the steps from the bare round trip to
// summitd. Figures, not assertions.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>

#include "absl/synchronization/mutex.h"
#include "generated_types.h"
#include "minimal_read.h"
#include "pipelined_read.h"
#include "polled_read.h"
#include "services/common/authenticator.h"
#include "services/common/clock.h"
#include "services/common/revocation_list.h"
#include "services/common/token.h"
#include "unary_echo.h"

namespace pb = google::protobuf;

namespace {

// The method's types and the recorded response, parsed once; the statement
// each call runs first, when there is one.
struct Replay {
  const pb::Message* request_prototype;
  std::unique_ptr<pb::Message> response;
  std::unique_ptr<summit::bench::MinimalRead> read;
  std::unique_ptr<summit::bench::PolledReads> polled;
  std::unique_ptr<summit::bench::PipelinedReads> pipelined;
  bool wait_pipelined = false;
};

// One call: read the request, parse it, write the response, finish.
class EchoReactor final : public grpc::ServerGenericBidiReactor {
 public:
  explicit EchoReactor(const Replay* replay) : replay_(replay) { StartRead(&request_); }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request"));
      return;
    }
    std::vector<grpc::Slice> slices;
    std::unique_ptr<pb::Message> request(replay_->request_prototype->New());
    std::string bytes;
    const bool read = request_.Dump(&slices).ok();  // not an empty request when it fails
    for (const grpc::Slice& s : slices) {
      bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    if (!read || !request->ParseFromString(bytes)) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "request does not parse"));
      return;
    }
    if (replay_->pipelined && replay_->wait_pipelined) {
      // The gRPC thread waits for its statement's result as summitd's
      // synchronous handlers would, while the statements still share batches.
      std::mutex mutex;
      std::condition_variable in;
      bool done = false, ok = false;
      std::string error;
      replay_->pipelined->Start([&](bool result_ok, const std::string& result_error) {
        const std::lock_guard<std::mutex> lock(mutex);
        ok = result_ok;
        error = result_error;
        done = true;
        in.notify_one();
      });
      {
        std::unique_lock<std::mutex> lock(mutex);
        in.wait(lock, [&] { return done; });
      }
      Answer(ok, error);
      return;
    }
    if (replay_->pipelined) {
      replay_->pipelined->Start([this](bool ok, const std::string& error) { Answer(ok, error); });
      return;
    }
    if (replay_->polled) {
      replay_->polled->Start([this](bool ok, const std::string& error) { Answer(ok, error); });
      return;
    }
    std::string error;
    const bool ran = !replay_->read || replay_->read->Run(&error);
    Answer(ran, error);
  }

  void Answer(bool ok, const std::string& error) {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the statement failed: " + error));
      return;
    }
    const std::string out = replay_->response->SerializeAsString();
    grpc::Slice slice(out);
    response_ = grpc::ByteBuffer(&slice, 1);
    StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
  }
  void OnDone() override { delete this; }

 private:
  const Replay* replay_;
  grpc::ByteBuffer request_, response_;
};

class EchoService final : public grpc::CallbackGenericService {
 public:
  explicit EchoService(const Replay* replay) : replay_(replay) {}
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    return new EchoReactor(replay_);
  }

 private:
  const Replay* replay_;
};

}  // namespace

int main(int argc, char** argv) {
  // Blocked before gRPC starts threads, so sigwait below gets them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  // As summitd's main does: Debian's Abseil looks for lock-order cycles on
  // every Mutex acquisition, which summitd turns off; the echo's duties
  // (authentication, the access log) take the same mutexes.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  CLI::App app{
      "Summit echo: one call's recorded response, without a database (or with one "
      "statement a call, --sql)"};
  std::string method, response_file, listen = "127.0.0.1:0", port_file, conninfo, sql;
  int polled = 0, pipelined = 0;
  app.add_option("--method", method, "/package.Service/Method whose types to use")->required();
  app.add_option("--response-file", response_file, "The response's bytes")->required();
  app.add_option("--listen", listen)->capture_default_str();
  app.add_option("--port-file", port_file, "Written with the port once serving");
  app.add_option("--conninfo", conninfo, "PostgreSQL to run --sql on (libpq connection string)");
  app.add_option("--sql", sql, "A statement each call runs once before answering")
      ->needs(app.get_option("--conninfo"));
  app.add_option("--polled", polled,
                 "Run --sql on this many connections polled by one thread, not on a "
                 "blocked gRPC thread")
      ->needs(app.get_option("--sql"));
  app.add_option("--pipelined", pipelined,
                 "Run --sql in pipeline mode on this many shared connections polled by one "
                 "thread")
      ->needs(app.get_option("--sql"));
  bool wait_pipelined = false;
  app.add_flag("--wait-pipelined", wait_pipelined,
               "With --pipelined: the gRPC thread waits for its result, as a synchronous "
               "handler does")
      ->needs(app.get_option("--pipelined"));
  bool unary = false, log_calls = false;
  std::string token_key_file;
  app.add_flag("--unary", unary,
               "Serve the method as summitd does: a raw callback unary handler, not the "
               "generic bidi reactor")
      ->excludes(app.get_option("--polled"))
      ->excludes(app.get_option("--pipelined"));
  app.add_option("--token-key-file", token_key_file,
                 "With --unary: check every call's bearer token as summitd does, with this key")
      ->needs(app.get_option("--unary"));
  app.add_flag("--log-calls", log_calls,
               "With --unary: write summitd's access line and metrics sample for every call")
      ->needs(app.get_option("--unary"));
  CLI11_PARSE(app, argc, argv);

  const pb::MethodDescriptor* rpc = summit::bench::FindMethod(method);
  if (rpc == nullptr) {
    std::cerr << "unknown method " << method << " (want /package.Service/Method)\n";
    return 2;
  }
  // The generated classes, as summitd uses: their parsing and serialising
  // are generated code, not reflection.
  pb::MessageFactory* factory = pb::MessageFactory::generated_factory();
  Replay replay{
      .request_prototype = factory->GetPrototype(rpc->input_type()),
      .response = std::unique_ptr<pb::Message>(factory->GetPrototype(rpc->output_type())->New()),
      .read = nullptr,
      .polled = nullptr,
      .pipelined = nullptr,
      .wait_pipelined = wait_pipelined};
  std::ifstream in(response_file, std::ios::binary);
  std::stringstream recorded;
  recorded << in.rdbuf();
  if (!in || !replay.response->ParseFromString(recorded.str())) {
    std::cerr << response_file << ": not a " << rpc->output_type()->full_name() << "\n";
    return 2;
  }

  if (!sql.empty()) {
    replay.read = std::make_unique<summit::bench::MinimalRead>(conninfo, sql);
    std::string error;
    if (!replay.read->Run(&error)) {  // a wrong statement is told now, not per call
      std::cerr << "--sql: " << error << "\n";
      return 2;
    }
    if (polled > 0) {
      replay.polled = std::make_unique<summit::bench::PolledReads>(conninfo, sql, polled);
      if (!replay.polled->ok()) {
        std::cerr << "--polled: " << replay.polled->error() << "\n";
        return 2;
      }
    }
    if (pipelined > 0) {
      replay.pipelined = std::make_unique<summit::bench::PipelinedReads>(conninfo, sql, pipelined);
      if (!replay.pipelined->ok()) {
        std::cerr << "--pipelined: " << replay.pipelined->error() << "\n";
        return 2;
      }
    }
  }

  // summitd's authentication: its codec over the same key, no revocations
  // (a list that is never refreshed, as a server that allows any age).
  std::unique_ptr<summit::TokenCodec> codec;
  summit::RevocationList revoked;
  summit::SystemClock clock;
  std::unique_ptr<summit::Authenticator> authenticator;
  if (!token_key_file.empty()) {
    absl::StatusOr<std::string> key = summit::ReadKeyFile(token_key_file);
    absl::StatusOr<summit::TokenCodec> made =
        key.ok() ? summit::TokenCodec::Create(*key) : key.status();
    if (!made.ok()) {
      std::cerr << "--token-key-file: " << made.status() << "\n";
      return 2;
    }
    codec = std::make_unique<summit::TokenCodec>(*std::move(made));
    authenticator = std::make_unique<summit::Authenticator>(codec.get(), &revoked, &clock);
  }
  const summit::bench::UnaryReplay unary_replay{.path = method,
                                                .request_prototype = replay.request_prototype,
                                                .response = replay.response.get(),
                                                .read = replay.read.get(),
                                                .authenticator = authenticator.get(),
                                                .log_calls = log_calls};

  EchoService service(&replay);
  summit::bench::UnaryEchoService unary_service(&unary_replay);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  if (unary) {
    builder.RegisterService(&unary_service);
  } else {
    builder.RegisterCallbackGenericService(&service);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::cerr << "cannot listen on " << listen << "\n";
    return 1;
  }
  if (!port_file.empty()) {
    const std::string partial = port_file + ".partial";
    std::ofstream(partial) << port << "\n";
    std::rename(partial.c_str(), port_file.c_str());
  }
  int signal = 0;
  sigwait(&stop, &signal);
  server->Shutdown();
  return 0;
}
