#include "services/common/inline_attempt.h"

namespace summit {
namespace {
thread_local InlineAttempt* t_attempt = nullptr;
}  // namespace

InlineAttempt::InlineAttempt() : previous_(t_attempt) { t_attempt = this; }
InlineAttempt::~InlineAttempt() { t_attempt = previous_; }

bool InlineAttempt::Active() { return t_attempt != nullptr; }

void InlineAttempt::GiveUp(std::string_view why) {
  if (t_attempt == nullptr || t_attempt->given_up_) return;
  t_attempt->given_up_ = true;
  t_attempt->why_ = why;  // always a literal
}

}  // namespace summit
