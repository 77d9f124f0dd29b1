// Life course of one segment: employment and insurance cards at period start, maiden-name epochs of
// recent marriages, then the period's events in date order (births, marriages, moves, job changes,
// 65th and 75th birthdays, deaths), each splitting the identity epochs of everyone it touches.
//
// Card numbers are unique by construction: every card of segment s gets the serial s*1024 + k and
// its 記号・番号 are a bijection of that serial (so no two people ever share a card by accident);
// 後期高齢者 numbers, which have only 7 free digits per 広域連合, use a dense per-prefecture slot
// (rank of the segment inside its prefecture's run x 48 + k) — see kouki_number().
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include "kernels/synth/check_digits.hpp"
#include "kernels/synth/population_internal.hpp"

namespace nayose::synth::detail {
namespace {

enum class Work : std::uint8_t { none, employee, self_employed };
enum EventKind : int { kBirth = 0, kMarriage = 1, kMove = 2, kJob = 3, kTurned65 = 4, kTurned75 = 5, kDeath = 6 };

constexpr std::uint64_t kCardsPerSegment = 1024;
constexpr std::uint64_t kCareNumbersPerSegment = 256;
constexpr std::uint64_t kKoukiHomeSlots = 48;           // per segment, in its home prefecture
constexpr std::uint64_t kKoukiHomeRegion = 6'000'000;   // numbers [0, 6e6): home slots
constexpr std::uint64_t kKoukiMovedSlots = 4;           // per segment, for people who moved prefecture
constexpr std::uint64_t kKoukiMovedRegion = 4'000'000;  // numbers [6e6, 1e7)

// y = (a*x + b) mod M with a coprime to 10: a bijection of [0, M) that scatters consecutive serials.
std::uint64_t scatter(std::uint64_t x, std::uint64_t modulus, std::uint64_t a, std::uint64_t b) {
  __extension__ using u128 = unsigned __int128;
  return static_cast<std::uint64_t>((static_cast<u128>(x % modulus) * a + b) % modulus);
}

std::string zero_pad(std::uint64_t v, std::size_t width) {
  std::string s = std::to_string(v);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

std::string two_digits(int v) { return zero_pad(static_cast<std::uint64_t>(v), 2); }

// Relative propensity to marry by the woman's age [U] (shape of first-marriage ages, mean ~30).
double marriage_shape(int age) {
  if (age < 18 || age > 45) return 0;
  if (age < 20) return 0.2;
  if (age < 25) return 1.0;
  if (age < 30) return 3.0;
  if (age < 35) return 2.5;
  if (age < 40) return 1.2;
  return 0.5;
}

struct Card {
  Scheme scheme = Scheme::kokuho;
  std::string insurer;
  std::string symbol;
  std::string number;
  std::string city;      // 国保: the insuring city's 6-digit code
  int holder = -1;       // local person index of the card holder (employee cards)
  int next_branch = 0;
};

struct State {
  bool exists = false;  // alive at period start or born already
  bool alive = true;
  bool married_in_period = false;
  int unit = -1;
  int card = -1;
  std::string branch;
  std::string care;
  Work work = Work::none;
  Name name;
  Date death;
  std::uint64_t household = 0;
};

struct Household {
  std::vector<int> members;  // current members (newborns join at birth)
  int head = -1;
  int spouse = -1;
  std::uint32_t municipality = 0;
  std::uint32_t area = 0;
  Address address;
  int kokuho = -1;           // 国保 card of the current city (created on demand)
  std::uint64_t id = 0;
};

struct Event {
  std::int32_t day;
  int kind;
  int a;
  int b;
  friend bool operator<(const Event& x, const Event& y) {
    return std::tie(x.day, x.kind, x.a, x.b) < std::tie(y.day, y.kind, y.a, y.b);
  }
};

class Simulation {
 public:
  Simulation(const Model& m, const Segment& seg)
      : m_(m), seg_(seg), seed_(m.spec.seed), s_(seg.index), people_(seg.members.size()), persons_(seg.members.size()) {}

  std::vector<Person> run() {
    start_households();
    start_cards();
    recent_marriages();
    for (std::size_t i = 0; i < people_.size(); ++i) {
      if (people_[i].exists && persons_[i].epochs.empty()) record(static_cast<int>(i), m_.start_days);
    }
    std::vector<Event> events = schedule();
    std::sort(events.begin(), events.end());
    for (const Event& e : events) apply(e);
    return finish();
  }

 private:
  // ---------------------------------------------------------------- setup

  void start_households() {
    households_.resize(seg_.units.size());
    for (std::size_t u = 0; u < seg_.units.size(); ++u) {
      const Unit& unit = seg_.units[u];
      Household& h = households_[u];
      h.head = unit.head;
      h.spouse = unit.spouse;
      h.municipality = unit.municipality;
      h.area = unit.area;
      h.address = unit.address;
      h.id = global(unit.head);
      const auto add = [&](int i) {
        const Member& p = member(i);
        State& st = people_[static_cast<std::size_t>(i)];
        st.name = p.name;
        st.unit = static_cast<int>(u);
        st.household = h.id;
        if (!p.newborn) {
          st.exists = true;
          h.members.push_back(i);
        }
      };
      add(unit.head);
      if (unit.spouse >= 0) add(unit.spouse);
      for (const int c : unit.children) add(c);
      for (const int e : unit.elders) add(e);
    }
  }

  Work draw_work(int i, bool married) {
    const Member& p = member(i);
    const int a = p.age;
    if (a < 18 || a >= 75) return Work::none;
    Rng rng(seed_, s_, Purpose::employment, static_cast<std::uint64_t>(i));
    double e = 0;  // employment rate by age and sex [U] (労働力調査 shape)
    if (p.role == Role::child) {
      e = a <= 19 ? 0.2 : a <= 24 ? 0.6 : 0.85;
    } else if (p.sex == Sex::male) {
      e = a < 25 ? 0.6 : a < 30 ? 0.88 : a < 60 ? 0.92 : a < 65 ? 0.8 : a < 70 ? 0.55 : 0.35;
    } else if (married) {
      e = a < 60 ? m_.spec.rates.married_women_employed : a < 65 ? 0.3 : a < 70 ? 0.2 : 0.1;
    } else {
      e = a < 25 ? 0.6 : a < 30 ? 0.85 : a < 60 ? 0.8 : a < 65 ? 0.6 : a < 70 ? 0.4 : 0.2;
    }
    if (!rng.chance(e)) return Work::none;
    return rng.chance(a >= 65 ? 0.6 : m_.spec.rates.employee_share_of_workers) ? Work::employee : Work::self_employed;
  }

  void start_cards() {
    for (std::size_t u = 0; u < seg_.units.size(); ++u) {
      const Unit& unit = seg_.units[u];
      std::vector<int> order{unit.head};
      if (unit.spouse >= 0) order.push_back(unit.spouse);
      for (const int c : unit.children) {
        if (!member(c).newborn) order.push_back(c);
      }
      for (const int e : unit.elders) order.push_back(e);
      for (const int i : order) people_[static_cast<std::size_t>(i)].work = draw_work(i, i == unit.head ? unit.spouse >= 0 : i == unit.spouse);
      int primary = -1;
      for (const int i : {unit.head, unit.spouse}) {
        if (primary < 0 && i >= 0 && people_[static_cast<std::size_t>(i)].work == Work::employee) primary = i;
      }
      for (const int i : order) {
        State& st = people_[static_cast<std::size_t>(i)];
        if (member(i).age >= 75) {
          join(i, new_kouki_card(seg_.prefecture));
        } else if (st.work == Work::employee) {
          join(i, new_employer_card(i, seg_.prefecture));
        } else if (primary >= 0 && i != unit.head && st.work != Work::self_employed) {
          join(i, people_[static_cast<std::size_t>(primary)].card);  // 被扶養者 on the primary earner's card
        } else {
          join(i, kokuho_card(static_cast<int>(u)));
        }
        if (member(i).age >= 65) st.care = new_care_number();
      }
    }
  }

  // Couples married within recent_marriage_years before the period: the spouse who changed surname
  // gets a maiden epoch (maiden surname, previous address and card) ending at the marriage date.
  void recent_marriages() {
    const PopulationRates& rates = m_.spec.rates;
    if (rates.recent_marriage_years <= 0) return;
    std::vector<std::pair<int, double>> couples;  // unit, weight
    for (std::size_t u = 0; u < seg_.units.size(); ++u) {
      const Unit& unit = seg_.units[u];
      if (unit.spouse < 0) continue;
      bool young_children = true;
      for (const int c : unit.children) young_children = young_children && (member(c).newborn || member(c).age <= 1);
      const double w = marriage_shape(member(unit.spouse).age);
      if (young_children && w > 0) couples.emplace_back(static_cast<int>(u), w);
    }
    Rng rng(seed_, s_, Purpose::recent_marriage, 0);
    const double lambda = seg_.size * m_.marriages_per_person_year * rates.recent_marriage_years;
    const std::uint32_t wanted = rng.poisson(lambda);
    const auto span_days = static_cast<std::uint32_t>(std::max(1.0, rates.recent_marriage_years * 365.2425));
    for (std::uint32_t n = 0; n < wanted && !couples.empty(); ++n) {
      double total = 0;
      for (const auto& c : couples) total += c.second;
      double x = rng.uniform() * total;
      std::size_t k = 0;
      while (k + 1 < couples.size() && x >= couples[k].second) x -= couples[k++].second;
      const Unit& unit = seg_.units[static_cast<std::size_t>(couples[k].first)];
      couples.erase(couples.begin() + static_cast<std::ptrdiff_t>(k));
      const bool wife_changes = rng.chance(rates.wife_takes_surname);
      const int changer = wife_changes ? unit.spouse : unit.head;
      const std::int32_t married = m_.start_days - 1 - static_cast<std::int32_t>(rng.below(span_days));
      if (married <= days_from_civil(member(changer).birth) + 18 * 365) continue;
      maiden_epoch(changer, married);
    }
  }

  void maiden_epoch(int i, std::int32_t married) {
    State& st = people_[static_cast<std::size_t>(i)];
    Rng rng(seed_, s_, Purpose::maiden, static_cast<std::uint64_t>(i));
    IdentityEpoch e;
    const std::int32_t from =
        std::max(days_from_civil(member(i).birth),
                 m_.start_days - static_cast<std::int32_t>((m_.spec.rates.recent_marriage_years + 1) * 365.2425));
    e.from = civil_from_days(from);
    e.until = civil_from_days(married);
    e.name = st.name;
    for (int attempt = 0; attempt < 8 && e.name.kanji_surname == st.name.kanji_surname; ++attempt) {
      const Surname& sn = m_.tables->surnames[m_.draw_surname(rng.next())];
      e.name.kanji_surname = sn.kanji;
      e.name.kana_surname = sn.kana;
    }
    Unit before;  // where the changer lived before the marriage: same prefecture
    draw_address(m_, static_cast<std::uint32_t>(m_.draw_municipality(seg_.prefecture, rng.next())), rng, before);
    e.address = before.address;
    const Card* card = &cards_[static_cast<std::size_t>(st.card)];
    std::string branch = st.branch;
    if (card->holder != i || card->scheme == Scheme::kokuho) {  // the changer's own card before the marriage
      const int own = rng.chance(0.6) ? new_employer_card(i, seg_.prefecture)
                                      : new_kokuho_card(m_.tables->municipalities[before.municipality].city_code);
      card = &cards_[static_cast<std::size_t>(own)];
      branch = "00";
      cards_[static_cast<std::size_t>(own)].next_branch = 1;
    }
    e.insurance = insurance_of(*card, branch);
    e.care_insured_number = st.care;
    persons_[static_cast<std::size_t>(i)].epochs.push_back(std::move(e));
    record(i, married);
  }

  // ---------------------------------------------------------------- cards

  std::uint64_t next_card_serial() {
    const auto k = static_cast<std::uint64_t>(cards_.size());
    if (k >= kCardsPerSegment) throw std::logic_error("population: more than 1024 cards in one segment");
    return s_ * kCardsPerSegment + k;
  }

  int add_card(Card card) {
    cards_.push_back(std::move(card));
    return static_cast<int>(cards_.size() - 1);
  }

  int new_employer_card(int holder, int pref) {
    const std::uint64_t serial = next_card_serial();
    Rng rng(seed_, s_, Purpose::card, serial);
    const PopulationRates& r = m_.spec.rates;
    const double u = rng.uniform();
    const std::string pp = two_digits(pref);
    Card c;
    c.holder = holder;
    if (u < r.scheme_kyokai) {
      c.scheme = Scheme::kyokai;
      c.insurer = with_payer_check_digit("01" + pp + "001");
      const std::uint64_t y = scatter(serial, 1'000'000'000'000ULL, 387'420'489'017ULL, 512'927'377'211ULL);
      c.symbol = zero_pad(y / 10'000, 8);
      c.number = std::to_string(y % 10'000 + 1);
    } else {
      const bool kumiai = u < r.scheme_kyokai + r.scheme_kumiai;
      std::string law = "06";
      std::uint32_t insurer_no = 100 + rng.below(900);
      if (!kumiai) {
        const double v = rng.uniform();  // 共済: 国家公務員 / 地方公務員 / 警察 / 公立学校・私学 [U]
        law = v < 0.20 ? "31" : v < 0.65 ? "32" : v < 0.70 ? "33" : "34";
        insurer_no = 1 + rng.below(60);
      }
      c.scheme = kumiai ? Scheme::kumiai : Scheme::kyosai;
      c.insurer = with_payer_check_digit(law + pp + zero_pad(insurer_no, 3));
      const std::uint64_t y = scatter(serial, 10'000'000'000ULL, 6'643'838'879ULL, 1'234'567'891ULL);
      c.symbol = std::to_string(y / 1'000'000 + 1);
      c.number = std::to_string(y % 1'000'000 + 1);
    }
    return add_card(std::move(c));
  }

  int new_kokuho_card(const std::string& city_code) {
    const std::uint64_t serial = next_card_serial();
    Card c;
    c.scheme = Scheme::kokuho;
    c.city = city_code;
    c.insurer = with_payer_check_digit(city_code.substr(0, 5));
    const std::uint64_t y = scatter(serial, 10'000'000'000ULL, 7'777'777'777ULL, 2'718'281'829ULL);
    c.symbol = std::to_string(y / 10'000'000 + 1);
    c.number = zero_pad(y % 10'000'000, 7);
    return add_card(std::move(c));
  }

  // 後期高齢者: individual 8-digit number with check digit, no 記号, insurer 39 + prefecture + 100.
  int new_kouki_card(int pref) {
    std::uint64_t base = 0;
    const std::uint64_t rank = s_ - m_.pref_first[static_cast<std::size_t>(seg_.prefecture)];
    // Slots are scattered inside their region by a bijection (multipliers coprime to the region size).
    if (pref == seg_.prefecture && kouki_home_ < kKoukiHomeSlots && rank * kKoukiHomeSlots < kKoukiHomeRegion) {
      base = scatter(rank * kKoukiHomeSlots + kouki_home_++, kKoukiHomeRegion, 1'234'567ULL, 271'828ULL);
    } else if (pref != seg_.prefecture && kouki_moved_ < kKoukiMovedSlots &&
               s_ * kKoukiMovedSlots < kKoukiMovedRegion) {
      base = kKoukiHomeRegion + scatter(s_ * kKoukiMovedSlots + kouki_moved_++, kKoukiMovedRegion, 1'234'567ULL, 314'159ULL);
    } else {  // out of slots (only beyond ~128 M persons): random, collisions possible
      base = Rng(seed_, s_, Purpose::card, 0xC0FFEE00ULL + kouki_fallback_++).below(10'000'000);
    }
    Card c;
    c.scheme = Scheme::kouki;
    c.insurer = with_payer_check_digit("39" + two_digits(pref) + "100");
    c.number = with_payer_check_digit(zero_pad(base, 7));
    next_card_serial();  // bounds check only: kouki numbers do not use the card serial
    return add_card(std::move(c));
  }

  std::string new_care_number() {
    const std::uint64_t k = care_serial_++;
    if (k < kCareNumbersPerSegment) {
      return zero_pad(scatter(s_ * kCareNumbersPerSegment + k, 10'000'000'000ULL, 3'141'592'653ULL, 577'215'664ULL), 10);
    }
    return zero_pad(Rng(seed_, s_, Purpose::card, 0xCA4E0000ULL + k).below(1'000'000'000U), 10);
  }

  int kokuho_card(int u) {
    Household& h = households_[static_cast<std::size_t>(u)];
    const std::string& city = m_.tables->municipalities[h.municipality].city_code;
    if (h.kokuho < 0 || cards_[static_cast<std::size_t>(h.kokuho)].city != city) h.kokuho = new_kokuho_card(city);
    return h.kokuho;
  }

  void join(int i, int card) {
    State& st = people_[static_cast<std::size_t>(i)];
    Card& c = cards_[static_cast<std::size_t>(card)];
    st.card = card;
    st.branch = c.scheme == Scheme::kouki ? std::string{} : two_digits(c.next_branch++);
  }

  static Insurance insurance_of(const Card& c, const std::string& branch) {
    Insurance ins;
    ins.scheme = c.scheme;
    ins.insurer_number = c.insurer;
    ins.symbol = c.symbol;
    ins.number = c.number;
    ins.branch = branch;
    return ins;
  }

  bool holds_employee_card(int i) const {
    const State& st = people_[static_cast<std::size_t>(i)];
    if (st.card < 0) return false;
    const Card& c = cards_[static_cast<std::size_t>(st.card)];
    return c.holder == i && (c.scheme == Scheme::kyokai || c.scheme == Scheme::kumiai || c.scheme == Scheme::kyosai);
  }

  // Everyone else on `card` (alive, existing), in branch order.
  std::vector<int> others_on(int card, int except) const {
    std::vector<int> out;
    for (std::size_t j = 0; j < people_.size(); ++j) {
      const State& st = people_[j];
      if (static_cast<int>(j) != except && st.exists && st.alive && st.card == card) out.push_back(static_cast<int>(j));
    }
    std::sort(out.begin(), out.end(), [this](int a, int b) {
      return people_[static_cast<std::size_t>(a)].branch < people_[static_cast<std::size_t>(b)].branch;
    });
    return out;
  }

  // ---------------------------------------------------------------- epochs

  void record(int i, std::int32_t day) {
    const State& st = people_[static_cast<std::size_t>(i)];
    std::vector<IdentityEpoch>& epochs = persons_[static_cast<std::size_t>(i)].epochs;
    const Date date = civil_from_days(day);
    if (epochs.empty() || epochs.back().from != date) {
      if (!epochs.empty()) epochs.back().until = date;
      epochs.emplace_back();
      epochs.back().from = date;
    }
    IdentityEpoch& e = epochs.back();
    e.name = st.name;
    e.address = households_[static_cast<std::size_t>(st.unit)].address;
    e.insurance = insurance_of(cards_[static_cast<std::size_t>(st.card)], st.branch);
    e.care_insured_number = st.care;
  }

  void note(int i, LifeEvent kind, std::int32_t day) {
    persons_[static_cast<std::size_t>(i)].events.push_back(PersonEvent{kind, civil_from_days(day)});
  }

  // ---------------------------------------------------------------- schedule

  std::vector<Event> schedule() {
    std::vector<Event> events;
    const std::int32_t start = m_.start_days;
    const std::int32_t end = m_.end_days;
    const PopulationRates& rates = m_.spec.rates;
    // Marriages, moves and job changes fall after the first day, so the epoch before them exists.
    const bool room = end - start >= 2;
    const auto uniform_day = [&](Rng& rng) {
      return start + 1 + static_cast<std::int32_t>(rng.below(static_cast<std::uint32_t>(end - start - 1)));
    };
    for (std::size_t idx = 0; idx < people_.size(); ++idx) {
      const int i = static_cast<int>(idx);
      const Member& p = member(i);
      const std::int32_t born = days_from_civil(p.birth);
      const std::int32_t from = p.newborn ? born : start;
      if (p.newborn) events.push_back({born, kBirth, i, 0});
      // Death: per birthday-to-birthday slice, P = 1 - (1 - q(age))^(days/365.2425).
      Rng drng(seed_, s_, Purpose::death, idx);
      for (std::int32_t day = from; day < end;) {
        const int age = age_on(p.birth, civil_from_days(day));
        const std::int32_t next_birthday = days_from_civil(add_years(p.birth, age + 1));
        const std::int32_t slice_end = std::min(end, std::max(next_birthday, day + 1));
        const double q = m_.death_q[p.sex == Sex::male ? 0 : 1][static_cast<std::size_t>(std::clamp(age, 0, 110))];
        const double pd = 1 - std::pow(1 - q, static_cast<double>(slice_end - day) / 365.2425);
        if (drng.chance(pd)) {
          events.push_back({day + static_cast<std::int32_t>(drng.below(static_cast<std::uint32_t>(slice_end - day))), kDeath, i, 0});
          break;
        }
        day = slice_end;
      }
      for (const auto& [age_years, kind] : {std::pair{65, kTurned65}, std::pair{75, kTurned75}}) {
        const std::int32_t birthday = days_from_civil(add_years(p.birth, age_years));
        if (birthday >= start && birthday < end && birthday > born) events.push_back({birthday, kind, i, 0});
      }
      if (room && !p.newborn && people_[idx].work == Work::employee) {
        Rng jrng(seed_, s_, Purpose::job, idx);
        const std::uint32_t n = jrng.poisson(rates.job_changes_per_year * m_.years);
        for (std::uint32_t k = 0; k < n; ++k) events.push_back({uniform_day(jrng), kJob, i, 0});
      }
    }
    if (!room) return events;
    for (std::size_t u = 0; u < households_.size(); ++u) {
      Rng mrng(seed_, s_, Purpose::move, u);
      const std::uint32_t n = mrng.poisson(rates.moves_per_year * m_.years);
      for (std::uint32_t k = 0; k < n; ++k) events.push_back({uniform_day(mrng), kMove, static_cast<int>(u), static_cast<int>(k)});
    }
    schedule_marriages(events, uniform_day);
    return events;
  }

  template <typename UniformDay>
  void schedule_marriages(std::vector<Event>& events, const UniformDay& uniform_day) {
    const PopulationRates& rates = m_.spec.rates;
    std::vector<int> women, men;
    for (std::size_t idx = 0; idx < people_.size(); ++idx) {
      const int i = static_cast<int>(idx);
      const Member& p = member(i);
      if (p.newborn || p.age < 18 || persons_[idx].epochs.size() > 1) continue;
      const Unit& unit = seg_.units[static_cast<std::size_t>(p.unit)];
      const bool single_alone = unit.head == i && unit.spouse < 0 && unit.children.empty();
      const bool at_home = p.role == Role::child;
      if (!single_alone && !at_home) continue;
      if (p.sex == Sex::female && p.age <= 45) women.push_back(i);
      if (p.sex == Sex::male && p.age <= 55) men.push_back(i);
    }
    Rng rng(seed_, s_, Purpose::marriage, 0);
    const std::uint32_t wanted = rng.poisson(seg_.size * m_.marriages_per_person_year * m_.years);
    for (std::uint32_t n = 0; n < wanted && !women.empty() && !men.empty(); ++n) {
      double total = 0;
      for (const int w : women) total += marriage_shape(member(w).age);
      if (!(total > 0)) break;
      double x = rng.uniform() * total;
      std::size_t k = 0;
      while (k + 1 < women.size() && x >= marriage_shape(member(women[k]).age)) x -= marriage_shape(member(women[k++]).age);
      const int wife = women[k];
      women.erase(women.begin() + static_cast<std::ptrdiff_t>(k));
      int best = -1;
      int best_score = 1 << 30;
      for (std::size_t j = 0; j < men.size(); ++j) {
        const int d = member(men[j]).age - member(wife).age;
        if (d < -3 || d > 8) continue;
        if (std::abs(d - 2) < best_score) {
          best_score = std::abs(d - 2);
          best = static_cast<int>(j);
        }
      }
      if (best < 0) continue;
      const int husband = men[static_cast<std::size_t>(best)];
      men.erase(men.begin() + best);
      const bool wife_changes = rng.chance(rates.wife_takes_surname);
      events.push_back({uniform_day(rng), kMarriage, wife_changes ? wife : husband, wife_changes ? husband : wife});
    }
  }

  // ---------------------------------------------------------------- events

  bool living(int i) const {
    const State& st = people_[static_cast<std::size_t>(i)];
    return st.exists && st.alive;
  }

  void apply(const Event& e) {
    switch (e.kind) {
      case kBirth: birth(e.a, e.day); break;
      case kMarriage: marriage(e.a, e.b, e.day); break;
      case kMove: move(e.a, e.b, e.day); break;
      case kJob: job_change(e.a, e.day); break;
      case kTurned65: turned_65(e.a, e.day); break;
      case kTurned75: turned_75(e.a, e.day); break;
      case kDeath: death(e.a, e.day); break;
      default: throw std::logic_error("population: unknown event kind");
    }
  }

  void birth(int n, std::int32_t day) {
    State& st = people_[static_cast<std::size_t>(n)];
    const int mother = member(n).mother;
    const State& ms = people_[static_cast<std::size_t>(mother)];
    st.exists = true;
    st.unit = ms.unit;
    st.name.kanji_surname = ms.name.kanji_surname;
    st.name.kana_surname = ms.name.kana_surname;
    Household& h = households_[static_cast<std::size_t>(st.unit)];
    st.household = h.id;
    h.members.push_back(n);
    int father = -1;
    for (const int i : {h.head, h.spouse}) {
      if (i >= 0 && i != mother && member(i).sex == Sex::male && living(i)) father = i;
    }
    int card = -1;
    if (father >= 0 && holds_employee_card(father)) {
      card = people_[static_cast<std::size_t>(father)].card;
    } else if (living(mother) && holds_employee_card(mother)) {
      card = ms.card;
    } else if (living(mother) && ms.card >= 0 && cards_[static_cast<std::size_t>(ms.card)].scheme != Scheme::kokuho &&
               cards_[static_cast<std::size_t>(ms.card)].scheme != Scheme::kouki) {
      card = ms.card;  // the mother is a dependent on someone's employee card
    } else {
      card = kokuho_card(st.unit);
    }
    join(n, card);
    record(n, day);
    note(n, LifeEvent::birth, day);
  }

  void marriage(int changer, int partner, std::int32_t day) {
    if (!living(changer) || !living(partner)) return;
    State& c = people_[static_cast<std::size_t>(changer)];
    State& q = people_[static_cast<std::size_t>(partner)];
    if (c.married_in_period || q.married_in_period) return;
    c.married_in_period = q.married_in_period = true;
    Rng rng(seed_, s_, Purpose::marriage, 1'000'000 + static_cast<std::uint64_t>(changer));
    // A new household in the partner's municipality (sometimes the changer's).
    Household h;
    const bool husband_is_partner = member(partner).sex == Sex::male;
    h.head = husband_is_partner ? partner : changer;
    h.spouse = husband_is_partner ? changer : partner;
    h.id = global(partner);
    const std::uint32_t muni = households_[static_cast<std::size_t>(rng.chance(0.7) ? q.unit : c.unit)].municipality;
    Unit where;
    draw_address(m_, muni, rng, where);
    h.municipality = where.municipality;
    h.area = where.area;
    h.address = where.address;
    for (const int i : {changer, partner}) {
      auto& old = households_[static_cast<std::size_t>(people_[static_cast<std::size_t>(i)].unit)].members;
      old.erase(std::remove(old.begin(), old.end(), i), old.end());
      h.members.push_back(i);
    }
    households_.push_back(std::move(h));
    const int u = static_cast<int>(households_.size() - 1);
    c.unit = q.unit = u;
    c.name.kanji_surname = q.name.kanji_surname;
    c.name.kana_surname = q.name.kana_surname;
    // Cards: the partner keeps an employee card, else joins the new household's 国保; the changer
    // keeps an employee card unless quitting, else becomes the partner's dependent (or 国保).
    const bool partner_employee = holds_employee_card(partner);
    if (!partner_employee && cards_[static_cast<std::size_t>(q.card)].scheme != Scheme::kouki) join(partner, kokuho_card(u));
    bool changer_keeps = false;
    if (holds_employee_card(changer)) {
      changer_keeps = !rng.chance(m_.spec.rates.quit_job_at_marriage);
      if (!changer_keeps) {
        rehome_dependents(changer, day);
        c.work = Work::none;
      }
    }
    if (!changer_keeps && cards_[static_cast<std::size_t>(c.card)].scheme != Scheme::kouki) {
      join(changer, partner_employee ? q.card : kokuho_card(u));
    }
    for (const int i : {changer, partner}) {
      record(i, day);
      note(i, LifeEvent::marriage, day);
    }
  }

  // Dependents on i's employee card move to the 国保 of their own household.
  void rehome_dependents(int i, std::int32_t day) {
    if (!holds_employee_card(i)) return;
    for (const int j : others_on(people_[static_cast<std::size_t>(i)].card, i)) {
      join(j, kokuho_card(people_[static_cast<std::size_t>(j)].unit));
      record(j, day);
    }
  }

  void move(int u, int k, std::int32_t day) {
    Household& h = households_[static_cast<std::size_t>(u)];
    std::vector<int> movers;
    for (const int i : h.members) {
      if (living(i)) movers.push_back(i);
    }
    if (movers.empty()) return;
    const PopulationRates& rates = m_.spec.rates;
    Rng rng(seed_, s_, Purpose::move, 1'000'000 + static_cast<std::uint64_t>(u) * 64 + static_cast<std::uint64_t>(k));
    const Municipality& old_muni = m_.tables->municipalities[h.municipality];
    const int old_pref = std::stoi(old_muni.prefecture_code);
    const double x = rng.uniform();
    std::uint32_t muni = h.municipality;
    if (x >= rates.move_same_municipality) {
      int pref = old_pref;
      if (x >= rates.move_same_municipality + rates.move_same_prefecture) {
        for (int attempt = 0; attempt < 16 && pref == old_pref; ++attempt) {
          pref = static_cast<int>(sample_cumulative(m_.pref_cumulative, rng.next())) + 1;
        }
      }
      for (int attempt = 0; attempt < 16 && muni == h.municipality; ++attempt) {
        muni = static_cast<std::uint32_t>(m_.draw_municipality(pref, rng.next()));
      }
    }
    Unit where;
    draw_address(m_, muni, rng, where);
    const Municipality& new_muni = m_.tables->municipalities[muni];
    const int new_pref = std::stoi(new_muni.prefecture_code);
    const int old_kokuho = h.kokuho;
    h.municipality = where.municipality;
    h.area = where.area;
    h.address = where.address;
    if (new_muni.city_code != old_muni.city_code) {
      if (old_kokuho >= 0) {  // new 国保 insurer: the household's 国保 members get a new card
        h.kokuho = -1;
        std::vector<int> on_card;
        for (const int i : movers) {
          if (people_[static_cast<std::size_t>(i)].card == old_kokuho) on_card.push_back(i);
        }
        std::sort(on_card.begin(), on_card.end(), [this](int a, int b) {
          return people_[static_cast<std::size_t>(a)].branch < people_[static_cast<std::size_t>(b)].branch;
        });
        for (const int i : on_card) join(i, kokuho_card(u));
      }
      for (const int i : movers) {
        State& st = people_[static_cast<std::size_t>(i)];
        if (!st.care.empty()) st.care = new_care_number();
      }
    }
    if (new_pref != old_pref) {
      for (const int i : movers) {
        State& st = people_[static_cast<std::size_t>(i)];
        if (cards_[static_cast<std::size_t>(st.card)].scheme == Scheme::kouki) join(i, new_kouki_card(new_pref));
      }
    }
    for (const int i : movers) {
      record(i, day);
      note(i, LifeEvent::move, day);
    }
  }

  void job_change(int i, std::int32_t day) {
    if (!living(i) || people_[static_cast<std::size_t>(i)].work != Work::employee || !holds_employee_card(i)) return;
    const int old = people_[static_cast<std::size_t>(i)].card;
    const std::vector<int> dependents = others_on(old, i);
    const Household& h = households_[static_cast<std::size_t>(people_[static_cast<std::size_t>(i)].unit)];
    const int card = new_employer_card(i, std::stoi(h.address.prefecture_code));
    join(i, card);
    record(i, day);
    for (const int j : dependents) {
      join(j, card);
      record(j, day);
    }
    note(i, LifeEvent::job_change, day);
  }

  void turned_65(int i, std::int32_t day) {
    if (!living(i)) return;
    people_[static_cast<std::size_t>(i)].care = new_care_number();
    record(i, day);
  }

  void turned_75(int i, std::int32_t day) {
    if (!living(i)) return;
    State& st = people_[static_cast<std::size_t>(i)];
    rehome_dependents(i, day);
    st.work = Work::none;
    const Household& h = households_[static_cast<std::size_t>(st.unit)];
    join(i, new_kouki_card(std::stoi(h.address.prefecture_code)));
    record(i, day);
    note(i, LifeEvent::turned_75, day);
  }

  void death(int i, std::int32_t day) {
    if (!living(i)) return;
    State& st = people_[static_cast<std::size_t>(i)];
    // Coverage of the dependents ends with the holder's: they join 国保 the day after.
    if (day + 1 < m_.end_days) rehome_dependents(i, day + 1);
    st.alive = false;
    st.death = civil_from_days(day);
    auto& members = households_[static_cast<std::size_t>(st.unit)].members;
    members.erase(std::remove(members.begin(), members.end(), i), members.end());
    note(i, LifeEvent::death, day);
  }

  // ---------------------------------------------------------------- output

  std::vector<Person> finish() {
    for (std::size_t idx = 0; idx < people_.size(); ++idx) {
      const int i = static_cast<int>(idx);
      const Member& p = member(i);
      const State& st = people_[idx];
      Person& out = persons_[idx];
      out.id = global(i);
      out.household = st.household;
      out.sex = p.sex;
      out.birth = p.birth;
      if (!st.alive) {
        out.death = st.death;
        out.epochs.back().until = add_days(st.death, 1);
      }
      if (p.twin >= 0) out.twin_of = global(p.twin);
      if (p.same_name_father >= 0) out.same_name_parent = global(p.same_name_father);
      out.lookalike_of = p.lookalike_of;
    }
    return std::move(persons_);
  }

  const Member& member(int i) const { return seg_.members[static_cast<std::size_t>(i)]; }
  std::uint64_t global(int i) const { return s_ * kSegmentPersons + static_cast<std::uint64_t>(i); }

  const Model& m_;
  const Segment& seg_;
  std::uint64_t seed_;
  std::uint64_t s_;
  std::vector<State> people_;
  std::vector<Person> persons_;
  std::vector<Household> households_;
  std::vector<Card> cards_;
  std::uint64_t kouki_home_ = 0;
  std::uint64_t kouki_moved_ = 0;
  std::uint64_t kouki_fallback_ = 0;
  std::uint64_t care_serial_ = 0;
};

}  // namespace

std::vector<Person> simulate_life(const Model& model, const Segment& segment) {
  return Simulation(model, segment).run();
}

}  // namespace nayose::synth::detail
