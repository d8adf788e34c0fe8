#include "tests/support/raw_call.h"

#include <grpcpp/generic/generic_stub.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"

namespace summit::testing {

grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                     const std::string& request, const std::string& token, std::string* response) {
  grpc::GenericStub generic(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  if (!token.empty()) ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  grpc::Slice slice(request);
  grpc::ByteBuffer request_bytes(&slice, 1);
  grpc::ByteBuffer response_bytes;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  generic.UnaryCall(&ctx, path, grpc::StubOptions(), &request_bytes, &response_bytes,
                    [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = std::move(s);
                      done = true;
                      cv.notify_one();
                    });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  if (status.ok() && response != nullptr) {
    std::vector<grpc::Slice> slices;
    (void)response_bytes.Dump(&slices);
    response->clear();
    for (const grpc::Slice& s : slices)
      response->append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return status;
}

}  // namespace summit::testing
