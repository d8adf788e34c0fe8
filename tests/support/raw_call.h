#pragma once
// A unary call by method path with the request as bytes: for tests that
// drive every RPC from the protos' descriptors, or send what no generated
// stub would (invalid UTF-8, unknown enum numbers).

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace summit::testing {

// `path`: "/summit.directory.v1.DirectoryService/GetPerson". An empty token
// sends no authorization.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                     const std::string& request, const std::string& token,
                     std::string* response = nullptr);

}  // namespace summit::testing
