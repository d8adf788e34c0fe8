#include "services/briefing/briefing_grpc.h"

namespace summit::briefing {

#define SUMMIT_BRIEFING_RPC(Method, Request, Response)                                    \
  grpc::ServerUnaryReactor* BriefingGrpcService::Method(                                  \
      grpc::CallbackServerContext* ctx, const v1::Request* req, v1::Response* resp) {     \
    return runner_->Run(ctx, resp, [this, req](const CallContext& call, DbSession& db) {  \
      return briefing_->Method(call, db, *req);                                           \
    });                                                                                   \
  }

SUMMIT_BRIEFING_RPC(CompileBriefingPackage, CompileBriefingPackageRequest, BriefingPackage)
SUMMIT_BRIEFING_RPC(GetBriefingPackage, GetBriefingPackageRequest, BriefingPackage)
SUMMIT_BRIEFING_RPC(ListBriefingPackages, ListBriefingPackagesRequest, ListBriefingPackagesResponse)
SUMMIT_BRIEFING_RPC(FinalizeBriefingPackage, FinalizeBriefingPackageRequest, BriefingPackage)
SUMMIT_BRIEFING_RPC(ExportBriefingPackage, ExportBriefingPackageRequest, BriefingDocument)

#undef SUMMIT_BRIEFING_RPC

}  // namespace summit::briefing
