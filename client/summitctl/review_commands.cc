// summitctl review ... and summitctl board: what reviewers and coordinators do.
#include <iostream>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace wv1 = reviews::v1;

void PrintCycle(Session& s, const wv1::ReviewCycle& c) {
  PrintResource(
      s, c,
      {{"name", c.name()},
       {"round", absl::StrCat(c.round())},
       {"version", absl::StrCat(c.reviewed_version())},
       {"state", EnumLabel(c.state())},
       {"reviews needed", absl::StrCat(c.policy().required_reviews())},
       {"blind mode", EnumLabel(c.policy().blind_mode())},
       {"cross-country", c.policy().require_cross_country() ? "required" : "not required"},
       {"due", FormatTime(c.due_time())},
       {"response due",
        c.policy().author_response() ? FormatTime(c.author_response_due_time()) : ""},
       {"decision", c.has_decision() ? EnumLabel(c.decision().outcome()) : ""},
       {"rationale", c.decision().rationale()},
       {"decided by", c.decision().decider()},
       {"etag", c.etag()}});
}

void PrintAssignments(Session& s, const google::protobuf::RepeatedPtrField<wv1::Assignment>& list,
                      const google::protobuf::Message& whole) {
  if (s.json()) return PrintJson(whole);
  Table t({"ASSIGNMENT", "REVIEWER", "WHO", "STATE", "ANSWER BY", "REVIEW BY", "OVERDUE"});
  for (const auto& a : list) {
    t.AddRow({a.name(), a.pseudonym(), a.reviewer().empty() ? "(hidden)" : s.Person(a.reviewer()),
              EnumLabel(a.state()), FormatTime(a.response_due_time()),
              FormatTime(a.review_due_time()),
              a.overdue() == wv1::Assignment::OVERDUE_NONE ? "" : EnumLabel(a.overdue())});
  }
  t.Print(std::cout);
}

google::protobuf::Timestamp* OptionalTime(const std::string& flag, const std::string& text,
                                          google::protobuf::Timestamp* out) {
  if (text.empty()) return nullptr;
  *out = ParseTime(flag, text);
  return out;
}

}  // namespace

void AddReviewCommands(CLI::App& app, Session& session) {
  CLI::App* review =
      app.add_subcommand("review", "Review cycles, assignments, reviews and decisions");
  review->require_subcommand(1);

  auto* open = review->add_subcommand("open", "Open a review cycle on a submitted recommendation");
  static std::string o_rec, o_blind = "single_blind", o_due;
  static int o_required = 2;
  static bool o_cross = false;
  open->add_option("recommendation", o_rec, "summits/{id}/recommendations/{id}")->required();
  open->add_option("--reviews", o_required, "Reviews needed before a decision")
      ->capture_default_str();
  open->add_option("--blind", o_blind, "open, single_blind or double_blind")->capture_default_str();
  open->add_flag("--cross-country", o_cross,
                 "Require a reviewer from outside the authors' countries");
  open->add_option("--due", o_due, "RFC 3339 time the cycle should end");
  static std::string o_response_by;
  open->add_option("--author-response-by", o_response_by,
                   "Ask the authors to answer the reviews by this RFC 3339 time");
  open->callback([&session] {
    wv1::OpenReviewCycleRequest req;
    req.set_parent(o_rec);
    req.mutable_policy()->set_required_reviews(o_required);
    req.mutable_policy()->set_blind_mode(
        ParseEnum<wv1::BlindMode>("--blind", "BLIND_MODE_", o_blind, wv1::BlindMode_Parse,
                                  "open, single_blind or double_blind"));
    req.mutable_policy()->set_require_cross_country(o_cross);
    if (!o_due.empty()) *req.mutable_due_time() = ParseTime("--due", o_due);
    if (!o_response_by.empty()) {
      req.mutable_policy()->set_author_response(true);
      *req.mutable_author_response_due_time() = ParseTime("--author-response-by", o_response_by);
    }
    req.set_request_id(NewRequestId());
    wv1::ReviewCycle out;
    session.Check(
        session.Reviews()->OpenReviewCycle(session.connection().Context().get(), req, &out));
    PrintCycle(session, out);
  });

  auto* cycles = review->add_subcommand("cycles", "The review cycles of a recommendation");
  static std::string c_rec;
  cycles->add_option("recommendation", c_rec, "summits/{id}/recommendations/{id}")->required();
  cycles->callback([&session] {
    wv1::ListReviewCyclesRequest req;
    req.set_parent(c_rec);
    const auto out = AllPages<wv1::ListReviewCyclesRequest, wv1::ListReviewCyclesResponse>(
        session, req, [&](auto* ctx, const auto& r, auto* o) {
          return session.Reviews()->ListReviewCycles(ctx, r, o);
        });
    if (session.json()) return PrintJson(out);
    Table t({"CYCLE", "ROUND", "VERSION", "STATE", "DECISION", "NEEDED"});
    for (const auto& c : out.review_cycles()) {
      t.AddRow({c.name(), absl::StrCat(c.round()), absl::StrCat(c.reviewed_version()),
                EnumLabel(c.state()), c.has_decision() ? EnumLabel(c.decision().outcome()) : "",
                absl::StrCat(c.policy().required_reviews())});
    }
    t.Print(std::cout);
  });

  auto* assign =
      review->add_subcommand("assign", "Ask a reviewer (conflicts are refused with the reason)");
  static std::string a_cycle, a_person, a_answer_by, a_review_by;
  assign->add_option("cycle", a_cycle, "…/reviewCycles/{id}")->required();
  assign->add_option("reviewer", a_person, "people/{id}")->required();
  assign->add_option("--answer-by", a_answer_by, "RFC 3339 (default: in 7 days)");
  assign->add_option("--review-by", a_review_by, "RFC 3339 (default: in 21 days)");
  assign->callback([&session] {
    wv1::CreateAssignmentRequest req;
    req.set_parent(a_cycle);
    req.set_reviewer(a_person);
    google::protobuf::Timestamp t1, t2;
    if (OptionalTime("--answer-by", a_answer_by, &t1)) *req.mutable_response_due_time() = t1;
    if (OptionalTime("--review-by", a_review_by, &t2)) *req.mutable_review_due_time() = t2;
    req.set_request_id(NewRequestId());
    wv1::Assignment out;
    session.Check(
        session.Reviews()->CreateAssignment(session.connection().Context().get(), req, &out));
    wv1::ListAssignmentsResponse one;
    *one.add_assignments() = out;
    PrintAssignments(session, one.assignments(), out);
  });

  auto* assignments = review->add_subcommand("assignments", "Who reviews in a cycle");
  static std::string l_cycle;
  assignments->add_option("cycle", l_cycle, "…/reviewCycles/{id}")->required();
  assignments->callback([&session] {
    wv1::ListAssignmentsRequest req;
    req.set_parent(l_cycle);
    const auto out = AllPages<wv1::ListAssignmentsRequest, wv1::ListAssignmentsResponse>(
        session, req, [&](auto* ctx, const auto& r, auto* o) {
          return session.Reviews()->ListAssignments(ctx, r, o);
        });
    PrintAssignments(session, out.assignments(), out);
  });

  auto* suggest = review->add_subcommand("suggest", "Ranked reviewers without conflicts");
  static std::string s_cycle;
  static int s_count = 5;
  suggest->add_option("cycle", s_cycle, "…/reviewCycles/{id}")->required();
  suggest->add_option("--count", s_count, "How many")->capture_default_str();
  suggest->callback([&session] {
    wv1::SuggestReviewersRequest req;
    req.set_name(s_cycle);
    req.set_count(s_count);
    wv1::SuggestReviewersResponse out;
    session.Check(
        session.Reviews()->SuggestReviewers(session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    Table t({"PERSON", "SCORE", "WHY"});
    for (const auto& x : out.suggestions()) {
      std::string why;
      for (const auto& r : x.reasons()) absl::StrAppend(&why, why.empty() ? "" : "; ", r);
      t.AddRow({session.Person(x.person()), absl::StrCat(x.score()), why});
    }
    t.Print(std::cout);
  });

  auto* take =
      review->add_subcommand("assign-suggested", "Assign several suggested people in one call");
  static std::string t_cycle;
  static std::vector<std::string> t_people;
  take->add_option("cycle", t_cycle, "…/reviewCycles/{id}")->required();
  take->add_option("people", t_people, "people/{id} ...")->required();
  take->callback([&session] {
    wv1::AcceptSuggestionsRequest req;
    req.set_name(t_cycle);
    for (const auto& p : t_people) req.add_people(p);
    req.set_request_id(NewRequestId());
    wv1::AcceptSuggestionsResponse out;
    session.Check(
        session.Reviews()->AcceptSuggestions(session.connection().Context().get(), req, &out));
    PrintAssignments(session, out.assignments(), out);
  });

  for (const bool accept : {true, false}) {
    auto* respond = review->add_subcommand(
        accept ? "accept" : "decline",
        accept ? "Accept an invitation to review" : "Decline it, with a reason");
    static std::string r_name[2], r_reason[2];
    respond->add_option("assignment", r_name[accept], "…/assignments/{id}")->required();
    if (!accept) respond->add_option("--reason", r_reason[accept], "Why")->required();
    respond->callback([&session, accept] {
      wv1::RespondToAssignmentRequest req;
      req.set_name(r_name[accept]);
      req.set_accept(accept);
      req.set_reason(r_reason[accept]);
      wv1::Assignment out;
      session.Check(
          session.Reviews()->RespondToAssignment(session.connection().Context().get(), req, &out));
      wv1::ListAssignmentsResponse one;
      *one.add_assignments() = out;
      PrintAssignments(session, one.assignments(), out);
    });
  }

  auto* submit = review->add_subcommand("submit", "Submit your review");
  static std::string v_assignment, v_verdict, v_comments, v_comments_file, v_confidential;
  static int v_relevance = 0, v_feasibility = 0, v_impact = 0;
  submit->add_option("assignment", v_assignment, "…/assignments/{id}")->required();
  submit->add_option("--verdict", v_verdict, "approve, minor_changes, major_changes or reject")
      ->required();
  submit->add_option("--relevance", v_relevance, "1-5")->required();
  submit->add_option("--feasibility", v_feasibility, "1-5")->required();
  submit->add_option("--impact", v_impact, "1-5")->required();
  submit->add_option("--comments", v_comments, "Comments to the authors");
  submit->add_option("--comments-file", v_comments_file,
                     "Comments to the authors from a file; - for stdin");
  submit->add_option("--confidential", v_confidential, "Comments for coordinators only");
  submit->callback([&session] {
    wv1::SubmitReviewRequest req;
    req.set_parent(v_assignment);
    wv1::Review* r = req.mutable_review();
    r->set_verdict(ParseEnum<wv1::Review::Verdict>(
        "--verdict", "VERDICT_", v_verdict, wv1::Review::Verdict_Parse,
        "approve, minor_changes, major_changes or reject"));
    r->mutable_scores()->set_relevance(v_relevance);
    r->mutable_scores()->set_feasibility(v_feasibility);
    r->mutable_scores()->set_impact(v_impact);
    r->set_comments_to_authors(
        v_comments_file.empty() ? v_comments : ReadTextFile("--comments-file", v_comments_file));
    r->set_confidential_comments(v_confidential);
    req.set_request_id(NewRequestId());
    wv1::Review out;
    session.Check(session.Reviews()->SubmitReview(session.connection().Context().get(), req, &out));
    PrintResource(session, out,
                  {{"name", out.name()},
                   {"as", out.pseudonym()},
                   {"verdict", EnumLabel(out.verdict())},
                   {"submitted", FormatTime(out.submit_time())}});
  });

  auto* list = review->add_subcommand("list", "The reviews of a cycle you may read");
  static std::string r_cycle;
  list->add_option("cycle", r_cycle, "…/reviewCycles/{id}")->required();
  list->callback([&session] {
    wv1::ListReviewsRequest req;
    req.set_parent(r_cycle);
    const auto out = AllPages<wv1::ListReviewsRequest, wv1::ListReviewsResponse>(
        session, req, [&](auto* ctx, const auto& r, auto* o) {
          return session.Reviews()->ListReviews(ctx, r, o);
        });
    if (session.json()) return PrintJson(out);
    if (out.reviews().empty()) std::cout << "(no reviews you may read yet)\n";
    for (const auto& r : out.reviews()) {
      std::cout << "## " << r.pseudonym()
                << (r.reviewer().empty() ? "" : ", " + session.Person(r.reviewer())) << ": "
                << EnumLabel(r.verdict()) << "  relevance " << r.scores().relevance()
                << ", feasibility " << r.scores().feasibility() << ", impact "
                << r.scores().impact() << "\n"
                << r.comments_to_authors() << "\n";
      if (!r.confidential_comments().empty())
        std::cout << "[confidential] " << r.confidential_comments() << "\n";
      std::cout << "\n";
    }
  });

  auto* decide =
      review->add_subcommand("decide", "Decide a cycle (a coordinator who is not an author)");
  static std::string d_cycle, d_outcome, d_rationale, d_etag;
  decide->add_option("cycle", d_cycle, "…/reviewCycles/{id}")->required();
  decide->add_option("--outcome", d_outcome, "approve, request_changes or reject")->required();
  decide->add_option("--rationale", d_rationale, "Why")->required();
  decide->add_option("--etag", d_etag, "Refuse if the cycle changed since this etag");
  decide->callback([&session] {
    wv1::DecideReviewCycleRequest req;
    req.set_name(d_cycle);
    req.set_outcome(ParseEnum<wv1::Decision::Outcome>("--outcome", "OUTCOME_", d_outcome,
                                                      wv1::Decision::Outcome_Parse,
                                                      "approve, request_changes or reject"));
    req.set_rationale(d_rationale);
    req.set_etag(d_etag);
    req.set_request_id(NewRequestId());
    wv1::ReviewCycle out;
    session.Check(
        session.Reviews()->DecideReviewCycle(session.connection().Context().get(), req, &out));
    PrintCycle(session, out);
  });

  auto* cancel = review->add_subcommand("cancel", "Cancel an open cycle");
  static std::string x_cycle, x_reason;
  cancel->add_option("cycle", x_cycle, "…/reviewCycles/{id}")->required();
  cancel->add_option("--reason", x_reason, "Why");
  cancel->callback([&session] {
    wv1::CancelReviewCycleRequest req;
    req.set_name(x_cycle);
    req.set_reason(x_reason);
    wv1::ReviewCycle out;
    session.Check(
        session.Reviews()->CancelReviewCycle(session.connection().Context().get(), req, &out));
    PrintCycle(session, out);
  });

  AddReviewRoundCommands(*review, session);

  auto* board =
      app.add_subcommand("board", "The status board of a summit's reviews (coordinators)");
  static std::string b_summit;
  board->add_option("summit", b_summit, "summits/{id}")->required();
  board->callback([&session] {
    wv1::GetStatusBoardRequest req;
    req.set_summit(b_summit);
    wv1::StatusBoard out;
    session.Check(
        session.Reviews()->GetStatusBoard(session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    // Track x state matrix.
    std::set<std::string> states;
    std::map<std::string, std::map<std::string, int>> matrix;
    for (const auto& c : out.counts()) {
      states.insert(c.state());
      matrix[c.track().substr(c.track().rfind('/') + 1)][c.state()] = c.count();
    }
    std::vector<std::string> header = {"TRACK"};
    for (const auto& st : states) header.push_back(absl::AsciiStrToUpper(st));
    Table counts(header);
    for (const auto& [track, row] : matrix) {
      std::vector<std::string> cells = {track};
      for (const auto& st : states) cells.push_back(row.count(st) ? absl::StrCat(row.at(st)) : "·");
      counts.AddRow(cells);
    }
    std::cout << "Recommendations by track and state (as of " << FormatTime(out.as_of()) << ")\n";
    counts.Print(std::cout);
    std::cout << "\nWaiting on\n";
    Table items({"NUMBER", "STATE", "WAITING ON", "SINCE", "AGREEMENT", "NAME"});
    for (const auto& i : out.items()) {
      items.AddRow({i.number(), i.state(), EnumLabel(i.waiting_on()), FormatTime(i.waiting_since()),
                    EnumLabel(i.agreement()), i.recommendation()});
    }
    items.Print(std::cout);
    std::cout << "\nOverdue assignments" << (out.overdue().empty() ? ": none\n" : "\n");
    if (!out.overdue().empty()) {
      Table overdue({"ASSIGNMENT", "REVIEWER", "WHAT", "DUE"});
      for (const auto& o : out.overdue()) {
        overdue.AddRow({o.assignment(), session.Person(o.reviewer()), EnumLabel(o.overdue()),
                        FormatTime(o.due_time())});
      }
      overdue.Print(std::cout);
    }
    std::cout << "\nParticipation by country\n";
    Table countries({"COUNTRY", "RECOMMENDATIONS", "REVIEWS SUBMITTED", "OPEN ASSIGNMENTS"});
    for (const auto& c : out.countries()) {
      countries.AddRow({c.country_code(), absl::StrCat(c.recommendations()),
                        absl::StrCat(c.reviews_submitted()), absl::StrCat(c.assignments_open())});
    }
    countries.Print(std::cout);
    if (!out.refused_effects().empty()) {
      std::cout << "\nRefused by the recommendation (act on these)\n";
      Table refused({"RECOMMENDATION", "EFFECT", "REFUSED", "WHY"});
      for (const auto& r : out.refused_effects()) {
        refused.AddRow({r.recommendation(),
                        r.kind() == "state" ? absl::StrCat("state → ", r.target_state()) : r.kind(),
                        FormatTime(r.refuse_time()), r.reason()});
      }
      refused.Print(std::cout);
    }
  });
}

}  // namespace summit::ctl
