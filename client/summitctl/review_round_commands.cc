// summitctl review redate|unassign|edit|history|respond|response: managing a
// review round (coordinators), editing one's own review until the decision,
// and the authors' response to the reviews.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace wv1 = reviews::v1;

void PrintAssignment(Session& s, const wv1::Assignment& a) {
  PrintResource(s, a,
                {{"name", a.name()},
                 {"reviewer", a.pseudonym()},
                 {"who", a.reviewer().empty() ? "(hidden)" : s.Person(a.reviewer())},
                 {"state", EnumLabel(a.state())},
                 {"answer by", FormatTime(a.response_due_time())},
                 {"review by", FormatTime(a.review_due_time())},
                 {"removed because", a.removal_reason()},
                 {"replaced by", a.replaced_by()},
                 {"etag", a.etag()}});
}

void PrintReview(const wv1::Review& r) {
  std::cout << "## " << r.pseudonym() << ", revision " << r.revision() << " ("
            << FormatTime(r.update_time()) << "): " << EnumLabel(r.verdict()) << "  relevance "
            << r.scores().relevance() << ", feasibility " << r.scores().feasibility() << ", impact "
            << r.scores().impact() << "\n"
            << r.comments_to_authors() << "\n";
  if (!r.confidential_comments().empty()) {
    std::cout << "[confidential] " << r.confidential_comments() << "\n";
  }
  std::cout << "\n";
}

}  // namespace

void AddReviewRoundCommands(CLI::App& review, Session& session) {
  auto* redate = review.add_subcommand("redate", "Move a reviewer's dates (they are told)");
  static std::string d_name, d_answer_by, d_review_by, d_etag;
  redate->add_option("assignment", d_name, "…/assignments/{id}")->required();
  redate->add_option("--answer-by", d_answer_by, "RFC 3339");
  redate->add_option("--review-by", d_review_by, "RFC 3339");
  redate->add_option("--etag", d_etag, "Refuse if the assignment changed since this etag");
  redate->callback([&session] {
    wv1::UpdateAssignmentRequest req;
    std::vector<std::string> paths;
    wv1::Assignment* a = req.mutable_assignment();
    if (!d_answer_by.empty()) {
      *a->mutable_response_due_time() = ParseTime("--answer-by", d_answer_by);
      paths.push_back("response_due_time");
    }
    if (!d_review_by.empty()) {
      *a->mutable_review_due_time() = ParseTime("--review-by", d_review_by);
      paths.push_back("review_due_time");
    }
    PrepareUpdate(paths, d_name, "", a, req.mutable_update_mask());
    a->clear_etag();
    req.set_etag(d_etag);
    wv1::Assignment out;
    session.Check(
        session.Reviews()->UpdateAssignment(session.connection().Context().get(), req, &out));
    PrintAssignment(session, out);
  });

  auto* unassign = review.add_subcommand(
      "unassign", "Take a reviewer off a round, with a reason (told to them); maybe replace them");
  static std::string u_name, u_reason, u_replacement, u_answer_by, u_review_by, u_etag;
  unassign->add_option("assignment", u_name, "…/assignments/{id}")->required();
  unassign->add_option("--reason", u_reason, "Why (the reviewer is told)")->required();
  unassign->add_option("--replace-with", u_replacement, "people/{id} to assign instead");
  unassign->add_option("--answer-by", u_answer_by, "The replacement's answer date (RFC 3339)");
  unassign->add_option("--review-by", u_review_by, "The replacement's review date (RFC 3339)");
  unassign->add_option("--etag", u_etag, "Refuse if the assignment changed since this etag");
  unassign->callback([&session] {
    wv1::RemoveAssignmentRequest req;
    req.set_name(u_name);
    req.set_reason(u_reason);
    req.set_replacement(u_replacement);
    req.set_etag(u_etag);
    if (!u_answer_by.empty()) {
      *req.mutable_response_due_time() = ParseTime("--answer-by", u_answer_by);
    }
    if (!u_review_by.empty())
      *req.mutable_review_due_time() = ParseTime("--review-by", u_review_by);
    req.set_request_id(NewRequestId());
    wv1::RemoveAssignmentResponse out;
    session.Check(
        session.Reviews()->RemoveAssignment(session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    PrintAssignment(session, out.removed());
    if (out.has_replacement()) {
      std::cout << "\n";
      PrintAssignment(session, out.replacement());
    }
  });

  auto* edit = review.add_subcommand("edit", "Rewrite your review until the decision");
  static std::string e_name, e_verdict, e_comments, e_comments_file, e_confidential, e_etag;
  static int e_relevance = 0, e_feasibility = 0, e_impact = 0;
  edit->add_option("review", e_name, "…/reviewCycles/{id}/reviews/{id}")->required();
  edit->add_option("--verdict", e_verdict, "approve, minor_changes, major_changes or reject")
      ->required();
  edit->add_option("--relevance", e_relevance, "1-5")->required();
  edit->add_option("--feasibility", e_feasibility, "1-5")->required();
  edit->add_option("--impact", e_impact, "1-5")->required();
  edit->add_option("--comments", e_comments, "Comments to the authors");
  edit->add_option("--comments-file", e_comments_file,
                   "Comments to the authors from a file; - for stdin");
  edit->add_option("--confidential", e_confidential, "Comments for coordinators only");
  edit->add_option("--etag", e_etag, "Refuse if the review changed since this etag");
  edit->callback([&session] {
    wv1::UpdateReviewRequest req;
    wv1::Review* r = req.mutable_review();
    r->set_name(e_name);
    r->set_verdict(ParseEnum<wv1::Review::Verdict>(
        "--verdict", "VERDICT_", e_verdict, wv1::Review::Verdict_Parse,
        "approve, minor_changes, major_changes or reject"));
    r->mutable_scores()->set_relevance(e_relevance);
    r->mutable_scores()->set_feasibility(e_feasibility);
    r->mutable_scores()->set_impact(e_impact);
    r->set_comments_to_authors(
        e_comments_file.empty() ? e_comments : ReadTextFile("--comments-file", e_comments_file));
    r->set_confidential_comments(e_confidential);
    req.set_etag(e_etag);
    wv1::Review out;
    session.Check(session.Reviews()->UpdateReview(session.connection().Context().get(), req, &out));
    PrintResource(session, out,
                  {{"name", out.name()},
                   {"as", out.pseudonym()},
                   {"revision", absl::StrCat(out.revision())},
                   {"verdict", EnumLabel(out.verdict())},
                   {"etag", out.etag()}});
  });

  auto* respond = review.add_subcommand(
      "respond", "Answer a round's reviews before the decision (authors, when the cycle asks)");
  static std::string p_cycle, p_text, p_file, p_etag;
  respond->add_option("cycle", p_cycle, "…/reviewCycles/{id}")->required();
  respond->add_option("--text", p_text, "The response (Markdown)");
  respond->add_option("--file", p_file, "The response from a file; - for stdin");
  respond->add_option("--etag", p_etag, "Refuse if the response changed since this etag");
  respond->callback([&session] {
    wv1::SubmitAuthorResponseRequest req;
    req.set_parent(p_cycle);
    if (p_file.empty() && p_text.empty()) {
      throw CommandError("give the response with --text or --file", 2);
    }
    req.mutable_author_response()->set_body(p_file.empty() ? p_text
                                                           : ReadTextFile("--file", p_file));
    req.set_etag(p_etag);
    wv1::AuthorResponse out;
    session.Check(
        session.Reviews()->SubmitAuthorResponse(session.connection().Context().get(), req, &out));
    PrintResource(
        session, out,
        {{"name", out.name()}, {"revision", absl::StrCat(out.revision())}, {"etag", out.etag()}});
  });

  auto* response = review.add_subcommand("response", "Read the authors' response to a round");
  static std::string g_cycle;
  response->add_option("cycle", g_cycle, "…/reviewCycles/{id}")->required();
  response->callback([&session] {
    wv1::GetAuthorResponseRequest req;
    req.set_name(g_cycle + "/authorResponse");
    wv1::AuthorResponse out;
    session.Check(
        session.Reviews()->GetAuthorResponse(session.connection().Context().get(), req, &out));
    PrintResource(session, out,
                  {{"name", out.name()},
                   {"by", out.author().empty() ? "(the authors)" : session.Person(out.author())},
                   {"revision", absl::StrCat(out.revision())},
                   {"written", FormatTime(out.update_time())},
                   {"text", out.body()}});
  });

  auto* history = review.add_subcommand("history", "Every text of a review, first to current");
  static std::string h_name;
  history->add_option("review", h_name, "…/reviewCycles/{id}/reviews/{id}")->required();
  history->callback([&session] {
    wv1::ListReviewRevisionsRequest req;
    req.set_parent(h_name);
    wv1::ListReviewRevisionsResponse out;
    session.Check(
        session.Reviews()->ListReviewRevisions(session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    for (const auto& r : out.revisions()) PrintReview(r);
  });
}

}  // namespace summit::ctl
