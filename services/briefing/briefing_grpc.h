#pragma once
// summit.briefing.v1.BriefingService over the shared RPC runner.

#include "services/briefing/briefing.h"
#include "summit/briefing/v1/briefing_service.grpc.pb.h"

namespace summit::briefing {

class BriefingGrpcService final : public v1::BriefingService::CallbackService {
 public:
  BriefingGrpcService(const Briefing* briefing, RpcRunner* runner) : briefing_(briefing), runner_(runner) {}

#define SUMMIT_BRIEFING_RPC(Method, Request, Response)                                      \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const v1::Request* req, \
                                   v1::Response* resp) override;
  SUMMIT_BRIEFING_RPC(CompileBriefingPackage, CompileBriefingPackageRequest, BriefingPackage)
  SUMMIT_BRIEFING_RPC(GetBriefingPackage, GetBriefingPackageRequest, BriefingPackage)
  SUMMIT_BRIEFING_RPC(ListBriefingPackages, ListBriefingPackagesRequest, ListBriefingPackagesResponse)
  SUMMIT_BRIEFING_RPC(FinalizeBriefingPackage, FinalizeBriefingPackageRequest, BriefingPackage)
  SUMMIT_BRIEFING_RPC(ExportBriefingPackage, ExportBriefingPackageRequest, BriefingDocument)
#undef SUMMIT_BRIEFING_RPC

 private:
  const Briefing* briefing_;
  RpcRunner* runner_;
};

}  // namespace summit::briefing
