#!/usr/bin/env bash
# Demo data from the seed story: KISI and the Institute for Eurasian Policy
# Research, the 2025 Central Asia – Republic of Korea summit and its tracks,
# and a few experts and coordinators from KZ, KR and UZ. Safe to run again:
# what exists is kept.
#   load_demo_data.sh SUMMITCTL TOKENS_DIR   (SUMMIT_SERVER, SUMMIT_TOKEN set)
set -euo pipefail
ctl=$1
tokens=$2
mkdir -p "$tokens"

# Runs a create; "already exists" means an earlier run made it.
create() {
  local out
  if out=$("$ctl" "$@" 2>&1); then return 0; fi
  grep -q "already exists" <<<"$out" && return 0
  echo "$out" >&2
  return 1
}

create org create kisi --kind think_tank --country KZ --short-name KISI \
  --title "Kazakhstan Institute for Strategic Studies under the President of the Republic of Kazakhstan" \
  --website https://kisi.kz
create org create iepr --kind think_tank --country KR --short-name IEPR \
  --title "Institute for Eurasian Policy Research"
create org create cerr --kind think_tank --country UZ --short-name CERR \
  --title "Center for Economic Research and Reforms"

create person create dana-coordinator --display-name "Дана Серикова" \
  --also-written "en=Dana Serikova" --email dana@kisi.example --org organizations/kisi \
  --roles coordinator --languages kk,ru,en --time-zone Asia/Almaty
create person create lee-coordinator --display-name "이서연" --also-written "en=Lee Seoyeon" \
  --email seoyeon.lee@iepr.example --org organizations/iepr --roles coordinator \
  --languages ko,en --time-zone Asia/Seoul

create summit create ca-kr-2025 --title "Central Asia – Republic of Korea Summit 2025" \
  --description "Practical recommendations prepared by think tanks of Central Asia and Korea. Kazakhstan accounts for over 60% of Korea's trade with Central Asia; Korean investment in Kazakhstan over 32 years exceeds USD 4.3 bn; over 370 Korean companies work there. Demo data: the deadlines are set from the day the demo was loaded so the workflow can be tried." \
  --start 2025-12-01 --end 2025-12-02 --place Seoul --time-zone Asia/Seoul \
  --languages en,ko,ru,kk,uz \
  --submission-deadline "$(date -u -d '+30 days' +%Y-%m-%dT18:00:00Z)" \
  --review-deadline "$(date -u -d '+45 days' +%Y-%m-%dT18:00:00Z)" \
  --package-deadline "$(date -u -d '+60 days' +%Y-%m-%dT18:00:00Z)"

order=0
track() {
  local id=$1 title=$2; shift 2
  order=$((order + 1))
  create track create summits/ca-kr-2025 "$id" --title "$title" --order "$order" "$@"
}
track non-resource-economy "Modernisation of the non-resource economy" \
  --title-in "ru=Модернизация несырьевой экономики" --title-in "ko=비자원 경제 현대화" \
  --lead people/dana-coordinator --coordinators people/lee-coordinator
track ai "Artificial intelligence" --title-in "ru=Искусственный интеллект" \
  --title-in "kk=Жасанды интеллект" --title-in "ko=인공지능" --lead people/lee-coordinator \
  --coordinators people/dana-coordinator
track robotics "Robotics" --title-in "ru=Робототехника" --title-in "ko=로봇공학"
track biotech "Biotechnology" --title-in "ru=Биотехнологии" --title-in "ko=생명공학"
track green "Green solutions" --title-in "ru=Зелёные решения" --title-in "ko=녹색 솔루션"
track k-silk-road "K-SILK ROAD: Korea – Central Asia cooperation" \
  --title-in "ru=K-SILK ROAD: сотрудничество Кореи и Центральной Азии" \
  --title-in "ko=K-실크로드: 한-중앙아시아 협력" --lead people/lee-coordinator \
  --coordinators people/dana-coordinator
track trade-humanitarian "Trade and humanitarian ties" \
  --title-in "ru=Торговые и гуманитарные связи" --title-in "ko=무역 및 인문 교류"

create person create aigerim --display-name "Айгерім Нұрланқызы" \
  --also-written "en=Aigerim Nurlankyzy" --email aigerim@kisi.example --org organizations/kisi \
  --roles expert --languages kk,ru,en --time-zone Asia/Almaty \
  --tracks summits/ca-kr-2025/tracks/non-resource-economy,summits/ca-kr-2025/tracks/green
create person create yerlan --display-name "Ерлан Абдрахманов" --email yerlan@kisi.example \
  --org organizations/kisi --roles expert --languages ru,en --time-zone Asia/Almaty \
  --tracks summits/ca-kr-2025/tracks/ai,summits/ca-kr-2025/tracks/robotics
create person create kim-minjun --display-name "김민준" --also-written "en=Kim Minjun" \
  --also-written "ru=Ким Минджун" --email minjun.kim@iepr.example --org organizations/iepr \
  --roles expert --languages ko,en,ru --time-zone Asia/Seoul \
  --tracks summits/ca-kr-2025/tracks/ai,summits/ca-kr-2025/tracks/k-silk-road
create person create park-jiwoo --display-name "박지우" --also-written "en=Park Jiwoo" \
  --email jiwoo.park@iepr.example --org organizations/iepr --roles expert \
  --languages ko,en --time-zone Asia/Seoul \
  --tracks summits/ca-kr-2025/tracks/biotech,summits/ca-kr-2025/tracks/green
create person create dilnoza --display-name "Dilnoza Karimova" \
  --also-written "ru=Дилноза Каримова" --email dilnoza@cerr.example --org organizations/cerr \
  --roles expert --languages uz,ru,en --time-zone Asia/Tashkent \
  --tracks summits/ca-kr-2025/tracks/trade-humanitarian,summits/ca-kr-2025/tracks/k-silk-road

for person in dana-coordinator lee-coordinator aigerim kim-minjun dilnoza; do
  if [ ! -s "$tokens/$person.token" ]; then
    (umask 077; "$ctl" --json token issue "people/$person" --label "local demo" --ttl-days 30 \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' > "$tokens/$person.token")
  fi
done
echo "Demo data loaded: 3 organisations, 7 people, 1 summit with 7 tracks." >&2

# Recommendations, written by the experts themselves (once: fixed ids).
as_person() { local who=$1; shift; SUMMIT_TOKEN=$(cat "$tokens/$who.token") "$ctl" "$@"; }
new_recommendation() {  # WHO ID TRACK LANGUAGE TITLE SUMMARY (body on stdin)
  local out
  if out=$(as_person "$1" rec create summits/ca-kr-2025 --id "$2" \
      --track "summits/ca-kr-2025/tracks/$3" --language "$4" --title "$5" --summary "$6" \
      --body-file - 2>&1); then
    return 0
  fi
  grep -q "already exists" <<<"$out" && return 1
  echo "$out" >&2
  exit 1
}

if new_recommendation aigerim customs-corridor non-resource-economy kk \
    "Қазақстан – Корея цифрлық кеден дәлізі" \
    "Жүктерді бір терезе арқылы өткізу: кеден деректерін алмасу." <<'MD'
## Мәселе
Қазақстан Кореяның Орталық Азиямен саудасының 60%-дан астамын құрайды, бірақ кеден рәсімдері ұзақ.

## Ұсыныс
1. Кеден деректерін электрондық алмасу туралы келісім.
2. Алматы мен Инчхон арасында пилоттық жоба.
MD
then
  as_person aigerim rec submit summits/ca-kr-2025/recommendations/customs-corridor >/dev/null
fi

new_recommendation kim-minjun ai-research-center ai ko \
    "한-중앙아시아 인공지능 공동연구센터" \
    "카자흐스탄과 우즈베키스탄에 공동연구센터를 설립한다." <<'MD' || true
## 제안
- 인공지능 인재 교류 프로그램
- 공공 데이터 공유 원칙
MD

if new_recommendation dilnoza silk-road-logistics k-silk-road ru \
    "K-SILK ROAD: логистический коридор Ташкент – Пусан" \
    "Единые стандарты для мультимодальных перевозок." <<'MD'
## Предложение
Согласовать тарифы и цифровые накладные для перевозок из Узбекистана в Корею.
MD
then
  as_person dilnoza rec submit summits/ca-kr-2025/recommendations/silk-road-logistics >/dev/null
  as_person lee-coordinator rec list summits/ca-kr-2025 >/dev/null
fi
echo "Demo recommendations: customs-corridor (submitted), ai-research-center (draft), silk-road-logistics (submitted)." >&2

# The KISI – IEPR seminar of 11 November, held, with approved minutes.
seminar=summits/ca-kr-2025/meetings/kisi-iepr-seminar
coord() { as_person dana-coordinator "$@"; }
if coord meeting create summits/ca-kr-2025 --id kisi-iepr-seminar --kind seminar \
    --title "KISI – IEPR seminar: practical recommendations for the summit" \
    --start 2025-11-11T10:00:00+05:00 --end 2025-11-11T13:00:00+05:00 --time-zone Asia/Almaty \
    --place "Astana, KISI" >/dev/null 2>&1; then
  coord meeting invite "$seminar" --org organizations/kisi --org organizations/iepr >/dev/null
  coord meeting agenda "$seminar" "Opening remarks:15" \
    "Non-resource economy and K-SILK ROAD:60:people/aigerim:summits/ca-kr-2025/recommendations/customs-corridor" \
    "AI and digital cooperation:60:people/kim-minjun" "Next steps:30" >/dev/null
  coord meeting schedule "$seminar" >/dev/null
  coord meeting hold "$seminar" >/dev/null
  coord meeting attendance "$seminar" --attended people/aigerim --attended people/kim-minjun \
    --attended people/dana-coordinator >/dev/null
  printf '%s\n' "## Seminar of 11 November" \
    "KISI and the Institute for Eurasian Policy Research discussed recommendations for the summit." \
    > /tmp/summit-demo-minutes.md
  coord meeting minutes "$seminar" --file /tmp/summit-demo-minutes.md \
    --decision "Prepare the customs corridor recommendation for review" >/dev/null
  coord meeting approve-minutes "$seminar" >/dev/null
  coord action add "$seminar" --title "Send Korean trade figures for the annex" \
    --assignee people/kim-minjun --due "$(date -u -d '+14 days' +%Y-%m-%dT18:00:00Z)" >/dev/null
  rm -f /tmp/summit-demo-minutes.md
fi
echo "Demo meeting: $seminar (held, minutes approved, one action item)." >&2

# A full review of the K-SILK ROAD recommendation, approved, translated into
# English, and the first briefing package compiled from it (once).
silk=summits/ca-kr-2025/recommendations/silk-road-logistics
cycle=$silk/reviewCycles/round-1
if coord review open "$silk" --reviews 2 --cross-country >/dev/null 2>&1; then
  coord review assign "$cycle" people/kim-minjun >/dev/null
  coord review assign "$cycle" people/aigerim >/dev/null
  as_person kim-minjun review accept "$cycle/assignments/a1" >/dev/null
  as_person kim-minjun review submit "$cycle/assignments/a1" --verdict approve --relevance 5 \
    --feasibility 4 --impact 5 --comments "Clear and costed; Busan port already agreed." >/dev/null
  as_person aigerim review accept "$cycle/assignments/a2" >/dev/null
  as_person aigerim review submit "$cycle/assignments/a2" --verdict minor_changes --relevance 4 \
    --feasibility 4 --impact 4 --comments "Add the Kazakh transit leg." >/dev/null
  coord review decide "$cycle" --outcome approve --rationale "Both reviewers support it." >/dev/null
  for _ in $(seq 50); do  # the decision reaches the recommendation through the outbox
    coord rec show "$silk" | grep -q approved && break; sleep 0.2
  done
  printf '%s\n' "## Proposal" "Agree tariffs and digital waybills for freight from Uzbekistan to Korea." \
    | as_person dilnoza rec translate "$silk" --language en \
      --title "K-SILK ROAD: the Tashkent – Busan logistics corridor" \
      --summary "Common standards for multimodal freight." --body-file - --kind human_checked >/dev/null
  coord briefing compile summits/ca-kr-2025 >/dev/null
fi
echo "Demo review: $cycle (approved); briefing package summits/ca-kr-2025/briefingPackages/v1 compiled." >&2
