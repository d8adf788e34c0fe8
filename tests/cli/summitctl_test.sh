#!/usr/bin/env bash
# summitctl end to end, inside with_summitd.sh: what a person types and sees.
set -uo pipefail
ctl="$SUMMIT_BUILD_DIR/client/summitctl/summitctl"
export SUMMIT_CREDENTIALS_FILE="$SUMMIT_WORK/credentials"
failures=0
passes=0

# check NAME EXPECTED_RC EXPECTED_TEXT -- COMMAND...
check() {
  local name=$1 want_rc=$2 want_text=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want_rc" ] || ! grep -qF -- "$want_text" <<<"$out"; then
    echo "FAIL $name: rc=$rc (want $want_rc), output:"; echo "$out" | sed 's/^/    /'
    echo "    (wanted text: $want_text)"
    failures=$((failures + 1))
  else
    echo "ok   $name"
    passes=$((passes + 1))
  fi
}

check "login keeps the token" 0 "Signed in as people/admin" -- "$ctl" login --token "$SUMMIT_ADMIN_TOKEN"
mode=$(stat -c %a "$SUMMIT_CREDENTIALS_FILE")
check "credentials file is private" 0 "600" -- echo "$mode"
# A login into a folder that does not exist yet makes it private as well.
SUMMIT_CREDENTIALS_FILE="$SUMMIT_WORK/config/summit/credentials" "$ctl" login \
  --token "$SUMMIT_ADMIN_TOKEN" >/dev/null
check "its new folder is private" 0 "700" -- stat -c %a "$SUMMIT_WORK/config/summit"
check "whoami reads the saved token" 0 "roles:         admin" -- "$ctl" whoami

check "org create" 0 "country:     KZ" -- "$ctl" org create kisi \
  --title "Казахстанский институт стратегических исследований" --short-name KISI \
  --kind think_tank --country KZ
check "org create KR" 0 "organizations/iepr" -- "$ctl" org create iepr \
  --title "Institute for Eurasian Policy Research" --short-name IEPR --kind think_tank --country KR
check "bad country names the field, exit 2" 2 "organization.country_code" -- \
  "$ctl" org create bad --title X --kind ministry --country XX
check "org list filters by country" 0 "organizations/iepr" -- "$ctl" org list --country KR
json=$("$ctl" org list --json)
# A list prints as a JSON array of its items.
check "--json after the subcommand is JSON" 0 "KISI" -- \
  /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d[1]["short_name"])' "$json"

check "person create in Hangul" 0 "display name:  김민준" -- "$ctl" person create kim \
  --display-name "김민준" --also-written "en=Kim Minjun" --email kim@iepr.kr \
  --org organizations/iepr --roles expert --languages ko,en --time-zone Asia/Seoul
check "person create in Kazakh" 0 "people/aigerim" -- "$ctl" person create aigerim \
  --display-name "Айгерім Нұрланқызы" --email aigerim@kisi.kz --org organizations/kisi \
  --roles expert --languages kk,ru
# Bulk import: a dry run lists each bad row and why; a good file is imported whole.
printf 'id,display_name,kind,country_code\nkdi,Korea Development Institute,think_tank,KR\nbad,Bad,think_tank,XX\n' \
  > "$SUMMIT_WORK/orgs.csv"
printf 'id,display_name,email,organization,roles\njiwoo,박지우,jiwoo@kdi.example,kdi,expert\n' \
  > "$SUMMIT_WORK/people.csv"
check "import --dry-run lists the bad row, exit 2" 2 "country_code" -- \
  "$ctl" import --orgs "$SUMMIT_WORK/orgs.csv" --people "$SUMMIT_WORK/people.csv" --dry-run
check "a refused import writes nothing" 1 "not found" -- "$ctl" person get people/jiwoo
sed -i '/^bad,/d' "$SUMMIT_WORK/orgs.csv"
check "import" 0 "Imported 1 organisation(s) and 1 person(s)" -- \
  "$ctl" import --orgs "$SUMMIT_WORK/orgs.csv" --people "$SUMMIT_WORK/people.csv"
check "a person sets their working week" 0 "works:         07:00–12:00, weekdays 1,2,3,4,5; off 2025-12-16" -- \
  "$ctl" person update people/kim --working-hours 07:00-12:00 --workdays 1,2,3,4,5 --days-off 2025-12-16
check "a bad working week names the field" 2 "person.working_hours.end" -- \
  "$ctl" person update people/kim --working-hours 12:00-07:00
# Columns line up by display width: EMAIL starts at the same column on each row.
table=$("$ctl" person list --role expert)
cols=$(/usr/bin/python3 - "$table" <<'PY'
import sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
def email_column(line):  # display column where the EMAIL cell starts
    cells = line.split()
    email = next(c for c in cells if "@" in c or c == "EMAIL")
    return width(line[:line.index(email)])
print(len({email_column(l) for l in sys.argv[1].splitlines()}))
PY
)
check "table columns align across Hangul and Cyrillic" 0 "1" -- echo "$cols"

# A value this build does not know (stored by a newer server) prints as its
# number; the CLI never aborts on it.
psql "$SUMMIT_DATABASE" -qc "UPDATE directory.people SET doc = jsonb_set(doc, '{roles}', '[\"ROLE_EXPERT\", 77]') WHERE name = 'people/kim'" >/dev/null
check "an unknown role prints as a number" 0 "expert, 77" -- "$ctl" person get people/kim
check "person list survives an unknown role" 0 "people/kim" -- "$ctl" person list

check "summit create" 0 "summits/ca-kr-2025" -- "$ctl" summit create ca-kr-2025 \
  --title "Central Asia – Republic of Korea Summit" --start 2025-11-11 --end 2025-11-12 \
  --place Seoul --time-zone Asia/Seoul --languages en,ko,ru,kk \
  --submission-deadline 2030-10-01T18:00:00+05:00
check "track create with titles in other scripts" 0 "ko: 인공지능" -- "$ctl" track create \
  summits/ca-kr-2025 ai --title "Artificial intelligence" --title-in "ko=인공지능" \
  --title-in "kk=Жасанды интеллект"
check "track list" 0 "summits/ca-kr-2025/tracks/ai" -- "$ctl" track list summits/ca-kr-2025
check "summit update changes only what is given" 0 "place:                Seoul, COEX" -- \
  "$ctl" summit update summits/ca-kr-2025 --place "Seoul, COEX"
check "stale etag is explained" 1 "Someone changed it since you read it" -- \
  "$ctl" summit update summits/ca-kr-2025 --place Busan --etag '"v1"'

check "org list --all walks every page" 0 "organizations/kisi" -- "$ctl" org list --page-size 1 --all
check "one page says how to get more" 0 "--page-token" -- "$ctl" org list --page-size 1

expert_token=$("$ctl" token issue people/aigerim --label laptop --json | \
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
check "expert cannot create organisations" 1 "not allowed" -- \
  env SUMMIT_TOKEN="$expert_token" "$ctl" org create x --title X --kind other --country UZ
check "expert may edit own languages" 0 "languages:     kk, ru, en" -- \
  env SUMMIT_TOKEN="$expert_token" "$ctl" person update people/aigerim --languages kk,ru,en
# Recommendations, as the expert.
export EXPERT_TOKEN="$expert_token"
as_expert() { env SUMMIT_TOKEN="$EXPERT_TOKEN" "$ctl" "$@"; }
cat > "$SUMMIT_WORK/rec-v1.md" <<'MD'
## Ұсыныс
Қазақстан мен Корея арасындағы цифрлық кеден дәлізі.
인공지능 기반 통관 시스템을 공동 개발한다.
MD
cat > "$SUMMIT_WORK/rec-v2.md" <<'MD'
## Ұсыныс
Қазақстан мен Корея арасындағы цифрлық кеден дәлізі.
인공지능 기반 통관 시스템을 2026년까지 공동 개발한다.
Жаңа жол: пилоттық жоба Алматыда.
MD
check "rec create from a Markdown file" 0 "REC-1" -- as_expert rec create summits/ca-kr-2025 \
  --track summits/ca-kr-2025/tracks/ai --title "Цифрлық кеден дәлізі" \
  --summary "Бір терезе" --body-file "$SUMMIT_WORK/rec-v1.md" --language kk
check "rec revise keeps what is not given" 0 "summits/ca-kr-2025/recommendations/rec-1/versions/2" -- \
  as_expert rec revise summits/ca-kr-2025/recommendations/rec-1 --body-file "$SUMMIT_WORK/rec-v2.md" \
  --note "Added a deadline and a pilot"
check "rec diff shows changed lines" 0 "+인공지능 기반 통관 시스템을 2026년까지 공동 개발한다." -- \
  as_expert rec diff summits/ca-kr-2025/recommendations/rec-1
plain=$(as_expert rec diff summits/ca-kr-2025/recommendations/rec-1)
check "rec diff is plain text when piped" 0 "no escape codes" -- \
  sh -c 'printf %s "$1" | grep -q "$(printf "\033")" && echo "escape codes" || echo "no escape codes"' _ "$plain"
# In a terminal (script gives it a pseudo-terminal) the diff is coloured.
check "rec diff is coloured in a terminal" 0 "$(printf '\033[32m')+" -- script -qec \
  "env SUMMIT_TOKEN=$EXPERT_TOKEN $ctl rec diff summits/ca-kr-2025/recommendations/rec-1" /dev/null
check "rec versions" 0 "Added a deadline and a pilot" -- as_expert rec versions summits/ca-kr-2025/recommendations/rec-1
check "rec search finds a Korean fragment" 0 "REC-1" -- as_expert rec list summits/ca-kr-2025 --search "통관"
check "rec search in Kazakh" 0 "REC-1" -- as_expert rec list summits/ca-kr-2025 --search "ДӘЛІЗІ"
# Files: a Word document becomes version 3 (the original kept), a PDF annex
# goes with it, and both come back byte for byte.
pandoc "$SUMMIT_WORK/rec-v2.md" -o "$SUMMIT_WORK/rec-v3.docx"
check "rec import makes a version from a DOCX" 0 "note:      Imported from rec-v3.docx" -- \
  as_expert rec import summits/ca-kr-2025/recommendations/rec-1 "$SUMMIT_WORK/rec-v3.docx"
printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj\n<< >>\nendobj\n' > "$SUMMIT_WORK/annex.pdf"
check "rec attach detects the type" 0 "application/pdf" -- \
  as_expert rec attach summits/ca-kr-2025/recommendations/rec-1 "$SUMMIT_WORK/annex.pdf"
cp "$SUMMIT_WORK/annex.pdf" "$SUMMIT_WORK/annex.png"
check "rec attach refuses a misnamed file, exit 2" 2 "ends in .png but the content is a PDF" -- \
  as_expert rec attach summits/ca-kr-2025/recommendations/rec-1 "$SUMMIT_WORK/annex.png"
check "rec files lists both" 0 "rec-v3.docx (source)" -- \
  as_expert rec files summits/ca-kr-2025/recommendations/rec-1
annex=$(as_expert rec files summits/ca-kr-2025/recommendations/rec-1 --json |
  /usr/bin/python3 -c 'import json,sys; print([a["name"] for a in json.load(sys.stdin) if a["filename"] == "annex.pdf"][0])')
as_expert rec download "$annex" -o "$SUMMIT_WORK/annex-back.pdf" >/dev/null
check "rec download returns the same bytes" 0 "same" -- \
  sh -c 'cmp -s "$1" "$2" && echo same' _ "$SUMMIT_WORK/annex.pdf" "$SUMMIT_WORK/annex-back.pdf"
check "a coordinator does not see a draft" 0 "NUMBER" -- "$ctl" rec list summits/ca-kr-2025
check "rec submit" 0 "state:      submitted" -- as_expert rec submit summits/ca-kr-2025/recommendations/rec-1
check "refused transition message" 1 "from submitted it can go to: in_review, withdrawn" -- \
  as_expert rec submit summits/ca-kr-2025/recommendations/rec-1
check "rec show prints the text" 0 "Жаңа жол: пилоттық жоба Алматыда." -- \
  as_expert rec show summits/ca-kr-2025/recommendations/rec-1
check "rec translate" 0 "stale:         no" -- as_expert rec translate \
  summits/ca-kr-2025/recommendations/rec-1 --language en --title "Digital customs corridor" \
  --kind machine
check "bad language names the field" 2 "first_version.language" -- as_expert rec create \
  summits/ca-kr-2025 --track summits/ca-kr-2025/tracks/ai --title X --language kazakh
check "rec withdraw" 0 "withdrawn" -- as_expert rec withdraw \
  summits/ca-kr-2025/recommendations/rec-1 --reason "merged"

# Review, as a coordinator and a reviewer from another country.
"$ctl" org create cerr --title "Center for Economic Research and Reforms" --kind think_tank --country UZ >/dev/null
"$ctl" person create dilnoza --display-name "Dilnoza Karimova" --email dilnoza@cerr.uz \
  --org organizations/cerr --roles expert >/dev/null
"$ctl" person create dana --display-name "Дана" --email dana@cerr.uz --org organizations/cerr \
  --roles coordinator >/dev/null
"$ctl" person create yerbol --display-name "Ербол" --email yerbol@kisi.kz --org organizations/kisi \
  --roles coordinator >/dev/null
token_of() { "$ctl" --json token issue "people/$1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
export COORD_TOKEN=$(token_of dana) REVIEWER_TOKEN=$(token_of dilnoza) KISI_COORD_TOKEN=$(token_of yerbol)
as_coord() { env SUMMIT_TOKEN="$COORD_TOKEN" "$ctl" "$@"; }
as_reviewer() { env SUMMIT_TOKEN="$REVIEWER_TOKEN" "$ctl" "$@"; }
as_expert rec create summits/ca-kr-2025 --id customs --track summits/ca-kr-2025/tracks/ai \
  --title "Customs" --summary "One window" --body-file "$SUMMIT_WORK/rec-v1.md" --language kk >/dev/null
as_expert rec submit summits/ca-kr-2025/recommendations/customs >/dev/null
cycle=summits/ca-kr-2025/recommendations/customs/reviewCycles/round-1
check "review open" 0 "state:           open" -- as_coord review open summits/ca-kr-2025/recommendations/customs \
  --reviews 1 --cross-country
check "a conflicted reviewer is refused with the reason" 1 "people/aigerim is an author" -- \
  as_coord review assign "$cycle" people/aigerim
check "review suggest leaves the author out" 0 "people/dilnoza" -- as_coord review suggest "$cycle"
check "tables name people by their display names" 0 "Dilnoza Karimova (people/dilnoza)" -- \
  as_coord review suggest "$cycle"
check "review assign" 0 "Reviewer 1" -- as_coord review assign "$cycle" people/dilnoza
check "review accept" 0 "accepted" -- as_reviewer review accept "$cycle/assignments/a1"
check "review submit" 0 "minor_changes" -- as_reviewer review submit "$cycle/assignments/a1" \
  --verdict minor_changes --relevance 5 --feasibility 4 --impact 4 --comments "Add a timeline." \
  --confidential "Solid work."
check "authors read nothing before the decision" 0 "no reviews you may read yet" -- \
  as_expert review list "$cycle"
# Discussion under the cycle's blind rules (single-blind: the author sees "Reviewer 1").
asked=$(as_expert --json comment add summits/ca-kr-2025/recommendations/customs --audience all \
  --cycle "$cycle" --text "Which years should the timeline cover?" |
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')
check "comment reply stays in the thread" 0 "thread:" -- as_reviewer comment reply "$asked" \
  --text "2026 to 2030."
thread=$(as_expert comment list summits/ca-kr-2025/recommendations/customs)
check "comment list shows replies under their thread" 0 "↳ [" -- echo "$thread"
check "the author sees the reviewer's pseudonym only" 0 "hidden" -- sh -c \
  'case "$1" in *dilnoza*|*Dilnoza*) echo leaked;; *"Reviewer 1"*) echo hidden;; esac' _ "$thread"
check "an audience the writer is not in is refused, naming the field" 2 "comment.audience" -- \
  as_expert comment add summits/ca-kr-2025/recommendations/customs --audience reviewers \
  --cycle "$cycle" --text "Let me in"
check "a mistyped audience is a usage error" 2 "--audience: expected" -- \
  as_expert comment add summits/ca-kr-2025/recommendations/customs --audience everyone --text x
check "comment edit keeps the earlier text" 0 "revision:" -- as_expert comment edit "$asked" \
  --text "Which years, and which ports?"
check "comment history" 0 "Which years should the timeline cover?" -- as_expert comment history "$asked"
# The reviewer rewrites the review before the decision; every text is kept.
check "review edit" 0 "revision:  2" -- as_reviewer review edit "$cycle/reviews/a1" \
  --verdict approve --relevance 5 --feasibility 4 --impact 5 --comments "Timeline added; approve." \
  --confidential "Solid work."
check "review history" 0 "## Reviewer 1, revision 1" -- as_coord review history "$cycle/reviews/a1"
# A coordinator moves a silent reviewer's dates, then takes them off the round.
later=$(date -u -d '+40 days' +%Y-%m-%dT%H:%M:%SZ)
as_coord review assign "$cycle" people/kim >/dev/null
check "review redate" 0 "review by:" -- as_coord review redate "$cycle/assignments/a2" --review-by "$later"
check "review unassign needs a reason" 2 "--reason" -- as_coord review unassign "$cycle/assignments/a2"
check "review unassign" 0 "removed because:  No answer" -- as_coord review unassign \
  "$cycle/assignments/a2" --reason "No answer"
check "a coordinator from the author's organisation may not decide" 1 "conflict of interest" -- \
  env SUMMIT_TOKEN="$KISI_COORD_TOKEN" "$ctl" review decide "$cycle" --outcome approve \
  --rationale "Colleague's work"
check "review decide" 0 "decision:        approve" -- as_coord review decide "$cycle" \
  --outcome approve --rationale "Clear support"
authors_view=$(as_expert review list "$cycle")
check "authors then read the edited review under a pseudonym" 0 "## Reviewer 1: approve" -- echo "$authors_view"
check "and never the reviewer's name or confidential note" 0 "hidden" -- sh -c \
  'case "$1" in *dilnoza*|*"Solid work"*) echo leaked;; *) echo hidden;; esac' _ "$authors_view"
check "board" 0 "Participation by country" -- as_coord board summits/ca-kr-2025
check "export reviews as XLSX" 0 "Wrote $SUMMIT_WORK/reviews.xlsx" -- as_coord export summits/ca-kr-2025 \
  --table reviews --format xlsx -o "$SUMMIT_WORK/reviews.xlsx"
check "the workbook holds the review's scores" 0 "Reviewer 1 approve 5 4 5" -- /usr/bin/python3 -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
row = [c.value for c in ws[2]]
print(row[2], row[4], row[5], row[6], row[7])' "$SUMMIT_WORK/reviews.xlsx"
check "export needs a coordinator" 1 "exports are for coordinators" -- as_expert export summits/ca-kr-2025 \
  --table people --format csv -o -

# Meetings, across Astana and Seoul.
mtg=summits/ca-kr-2025/meetings/seminar
check "meeting create" 0 "Tue 2025-11-11 22:00 – 23:30 Asia/Almaty (UTC+05:00)" -- as_coord meeting create \
  summits/ca-kr-2025 --id seminar --kind seminar --title "KISI – IEPR seminar" \
  --start 2025-11-11T22:00:00+05:00 --end 2025-11-11T23:30:00+05:00 --time-zone Asia/Almaty --place Astana
check "invitees see it in their own zone" 0 "Wed 2025-11-12 02:00 – 03:30 Asia/Seoul (UTC+09:00) next day" -- \
  as_coord meeting invite "$mtg" --person people/kim --person people/aigerim
check "a meeting that ends the next day says so" 0 \
  "Tue 2025-11-11 23:00 – 2025-11-12 00:30 (ends the next day) Asia/Almaty" -- as_coord meeting create \
  summits/ca-kr-2025 --id late --kind seminar --title "Late call" \
  --start 2025-11-11T23:00:00+05:00 --end 2025-11-12T00:30:00+05:00 --time-zone Asia/Almaty --place Online
check "participants by their names, in their scripts" 0 "김민준 (people/kim)" -- as_coord meeting show "$mtg"
check "inviting someone unknown names the field" 2 "people[0]" -- as_coord meeting invite "$mtg" --person people/nobody
check "meeting update" 0 "place:         Astana, KISI" -- as_coord meeting update "$mtg" --place "Astana, KISI"
check "rsvp" 0 "accepted" -- as_expert meeting rsvp "$mtg" accepted
check "agenda" 0 "Trade" -- as_coord meeting agenda "$mtg" "Opening:10" "AI cooperation:40:people/kim" "Trade:30"
check "agenda reorder keeps ids" 0 "1  item-3" -- as_coord meeting agenda "$mtg" @item-3 @item-1 @item-2
check "ics has the meeting's zone" 0 "DTSTART;TZID=Asia/Almaty:20251111T220000" -- as_coord meeting ics "$mtg"
# (Unfolded: RFC 5545 folds lines longer than 75 octets.)
unfolded=$(as_coord meeting ics "$mtg" | /usr/bin/python3 -c 'import sys; print(sys.stdin.read().replace("\r\n ", ""))')
check "ics attendees carry names and emails" 0 \
  'ATTENDEE;CN="김민준";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:kim@iepr.kr' -- echo "$unfolded"
check "slots in each zone" 0 "Asia/Seoul" -- as_coord meeting slots --person people/kim \
  --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z --count 2
# The approved customs corridor goes on the agenda; its decision and action name it.
check "agenda links a recommendation" 0 "customs" -- as_coord meeting agenda "$mtg" @item-3 @item-1 \
  @item-2 "Customs corridor:20:people/kim:summits/ca-kr-2025/recommendations/customs"
check "hold before schedule is refused" 1 "from planned it can go to: scheduled, cancelled" -- as_coord meeting hold "$mtg"
as_coord meeting schedule "$mtg" >/dev/null
check "hold" 0 "held" -- as_coord meeting hold "$mtg"
echo "Agreed to draft a joint proposal." > "$SUMMIT_WORK/minutes.md"
check "minutes" 0 "version:  1" -- as_coord meeting minutes "$mtg" --file "$SUMMIT_WORK/minutes.md" \
  --decision "Draft a joint proposal" \
  --decision-about "summits/ca-kr-2025/recommendations/customs=Put the corridor in the briefing"
check "meeting list finds the meetings a recommendation was on" 0 "$mtg" -- \
  as_coord meeting list summits/ca-kr-2025 --recommendation summits/ca-kr-2025/recommendations/customs
check "minutes list the decision's recommendation" 0 "(about summits/ca-kr-2025/recommendations/customs)" -- \
  as_coord meeting minutes "$mtg" --list
check "a decision about what is not on the agenda names the field, exit 2" 2 "linked_decisions[0]" -- \
  as_coord meeting minutes "$mtg" --file "$SUMMIT_WORK/minutes.md" \
  --decision-about "summits/ca-kr-2025/recommendations/rec-1=No"
check "approve minutes" 0 "minutes_approved" -- as_coord meeting approve-minutes "$mtg"
check "action add" 0 "people/aigerim" -- as_coord action add "$mtg" --title "Send the figures" \
  --assignee people/aigerim --due 2025-11-20T18:00:00+05:00
check "my action items, overdue first" 0 "OVERDUE" -- as_expert action mine

# The activity feed: list with filters, and a live watch.
# The feed serves an event once every older transaction in the cluster has
# ended (other tests write to it at the same time): wait for the event itself.
as_coord watch --summit summits/ca-kr-2025 --type meetings.meeting.held --from-beginning \
  --max-events 1 --for 30 >/dev/null
check "events filtered by type" 0 "meetings.meeting.held" -- \
  as_coord events --summit summits/ca-kr-2025 --type meetings.meeting. --all
check "a bad filter names the field, exit 2" 2 "filter.summit" -- as_coord events --summit ca-kr-2025
as_coord watch --summit summits/ca-kr-2025 --type meetings.action_item. --max-events 1 --for 20 \
  > "$SUMMIT_WORK/watch.out" 2>&1 &
watcher=$!
sleep 1.5
as_coord action add "$mtg" --title "Share the draft" --assignee people/aigerim \
  --due 2025-11-25T18:00:00+05:00 >/dev/null
wait "$watcher"
check "watch shows a change as it happens" 0 "meetings.action_item.created" -- cat "$SUMMIT_WORK/watch.out"
first=$(as_coord watch --from-beginning --max-events 1 --json | \
  /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["cursor"])')
check "watch resumes after a cursor" 0 "people/" -- as_coord watch --cursor "$first" --max-events 1

# The briefing package: compile, export, finalise.
customs=summits/ca-kr-2025/recommendations/customs
for _ in $(seq 50); do  # the review decision reaches the recommendation through the outbox
  as_coord rec show "$customs" | grep -q approved && break; sleep 0.2
done
check "briefing compile holds the approved recommendation" 0 "Customs" -- \
  as_coord briefing compile summits/ca-kr-2025
check "rec trace: meeting, review, decision, briefing" 0 "Put the corridor in the briefing" -- \
  as_coord rec trace summits/ca-kr-2025/recommendations/customs
check "rec trace shows the briefing package" 0 "Briefing package version 1" -- \
  as_coord rec trace summits/ca-kr-2025/recommendations/customs
check "rec trace is for coordinators" 1 "for coordinators" -- \
  as_expert rec trace summits/ca-kr-2025/recommendations/customs
check "experts cannot compile" 1 "for coordinators" -- as_expert briefing compile summits/ca-kr-2025
pkg=summits/ca-kr-2025/briefingPackages/v1
check "export markdown" 0 "Wrote $SUMMIT_WORK/b.md" -- as_coord briefing export "$pkg" --format md -o "$SUMMIT_WORK/b.md"
check "markdown has its contents and figures" 0 "# Figures" -- cat "$SUMMIT_WORK/b.md"
check "export html" 0 "text/html" -- as_coord briefing export "$pkg" --format html -o "$SUMMIT_WORK/b.html"
check "export pdf" 0 "application/pdf" -- as_coord briefing export "$pkg" --format pdf -o "$SUMMIT_WORK/b.pdf"
check "the pdf is a PDF" 0 "%PDF-" -- head -c 5 "$SUMMIT_WORK/b.pdf"
check "a bad format exits 2" 2 "--format" -- as_coord briefing export "$pkg" --format docx
check "finalize" 0 "final" -- as_coord briefing finalize "$pkg"
check "finalize again changes nothing" 0 "final" -- as_coord briefing finalize "$pkg"
check "the recommendation is adopted" 0 "adopted" -- as_coord rec show "$customs"
as_coord watch --type briefing.package.finalized --from-beginning --max-events 1 --for 30 >/dev/null
check "the feed shows the adoption" 0 "briefing.package.finalized" -- as_coord events --type briefing. --all

credential=$(env SUMMIT_TOKEN="$expert_token" "$ctl" whoami --json | \
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["credential"])')
check "token list shows labels, never secrets" 0 "laptop" -- "$ctl" token list people/aigerim
check "revoke" 0 "revoked:" -- "$ctl" token revoke "$credential"
check "revoked token is refused" 1 "revoked" -- env SUMMIT_TOKEN="$expert_token" "$ctl" whoami
check "no token at all" 1 "Not signed in" -- \
  env SUMMIT_CREDENTIALS_FILE=/nonexistent SUMMIT_TOKEN= "$ctl" whoami
check "unreachable server" 1 "Cannot reach summitd at 127.0.0.1:1" -- "$ctl" --server 127.0.0.1:1 whoami


# Usage errors: exit code 2 and a suggestion, whatever CLI11 would say.
check "a mistyped subcommand exits 2 with a suggestion" 2 'Did you mean `show` instead of `shwo`?' -- \
  "$ctl" rec shwo summits/ca-kr-2025/recommendations/rec-1
check "a mistyped flag exits 2 with a suggestion" 2 'Did you mean `--json` instead of `--jsno`?' -- \
  "$ctl" org list --jsno
check "a mistyped command exits 2" 2 'Did you mean `org`' -- "$ctl" orgg list
check "a missing argument exits 2" 2 "name is required" -- "$ctl" rec show
# One JSON document, and lists as arrays ([] when empty).
shown=$(as_coord rec show "$customs" --json | /usr/bin/python3 -c \
  'import json,sys; print(sorted(json.load(sys.stdin)))')
check "rec show --json is one document" 0 "['recommendation', 'version']" -- echo "$shown"
check "an empty list is []" 0 "[]" -- as_coord action mine --json
listed=$("$ctl" org list --json | /usr/bin/python3 -c \
  'import json,sys; print(type(json.load(sys.stdin)).__name__)')
check "a list is an array" 0 "list" -- echo "$listed"
# A server that is not summitd, or TLS on one side only: said at once.
/usr/bin/python3 -u -m http.server 0 --bind 127.0.0.1 >"$SUMMIT_WORK/http.log" 2>&1 &
http_pid=$!
for _ in $(seq 50); do grep -q "port" "$SUMMIT_WORK/http.log" && break; sleep 0.1; done
http_port=$(grep -o 'port [0-9]*' "$SUMMIT_WORK/http.log" | head -1 | cut -d' ' -f2)
started=$(date +%s)
check "a web server is not summitd" 1 "is not summitd" -- "$ctl" --server "127.0.0.1:$http_port" whoami
took=$(( $(date +%s) - started ))
check "and that is said without waiting for --timeout (15 s)" 0 "fast" -- \
  sh -c "[ $took -lt 10 ] && echo fast"
kill "$http_pid"
check "TLS to a plaintext summitd says so" 1 "drop --tls" -- "$ctl" --tls whoami
tls_out=$("$ctl" --tls whoami 2>&1)
check "only our sentence, no gRPC log lines" 0 "1" -- sh -c "printf '%s\n' \"\$1\" | wc -l" _ "$tls_out"
# Bash completion from the command tree.
"$ctl" completion bash > "$SUMMIT_WORK/completion.bash"
check "completion completes subcommands" 0 "show" -- bash -c "source $SUMMIT_WORK/completion.bash; \
  COMP_WORDS=(summitctl rec sh); COMP_CWORD=2; _summitctl; echo \"\${COMPREPLY[*]}\""
check "completion completes flags after a path" 0 "--version" -- bash -c "source $SUMMIT_WORK/completion.bash; \
  COMP_WORDS=(summitctl --json rec show --ver); COMP_CWORD=4; _summitctl; echo \"\${COMPREPLY[*]}\""

echo "summitctl: $passes passed, $failures failed"
[ "$failures" = 0 ]
