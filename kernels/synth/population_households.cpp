// Households of one segment: persons drawn from the prefecture's population cells, then grouped —
// couples by age, children to a mother 20-45 years older, some elders to a child's household — so
// the age/sex marginals are those of the cells by construction and the household structure emerges.
// Then surnames (shared in a household), given names by birth year, addresses and the babies of the
// period. All draws are keyed by (seed, segment, purpose, index).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <stdexcept>

#include "kernels/synth/population_internal.hpp"

namespace nayose::synth::detail {
namespace {

// Probability that a woman living independently (not with her parents) lives with a partner, by
// age [U] (shape of the census 有配偶率, raised because women living with parents are excluded).
double partner_probability(int age) {
  if (age < 18) return 0;
  if (age < 20) return 0.03;
  if (age < 25) return 0.30;
  if (age < 30) return 0.65;
  if (age < 35) return 0.85;
  if (age < 40) return 0.86;
  if (age < 60) return 0.88;
  if (age < 70) return 0.90;
  if (age < 75) return 0.85;
  if (age < 80) return 0.72;
  if (age < 85) return 0.55;
  return 0.28;
}

// Relative fertility by the mother's age [U] (shape of the MHLW age-specific fertility rates).
double fertility_shape(int age) {
  if (age < 18 || age > 45) return 0;
  if (age < 20) return 0.003;
  if (age < 25) return 0.020;
  if (age < 30) return 0.070;
  if (age < 35) return 0.090;
  if (age < 40) return 0.055;
  if (age < 45) return 0.012;
  return 0.001;
}

constexpr double kMaleBirthShare = 105.0 / 205.0;  // sex ratio at birth ~105 [U]

int draw_age(int band, Rng& rng) {
  if (band < 20) return band * 5 + static_cast<int>(rng.below(5));
  return 100 + static_cast<int>(std::min(rng.below(6), rng.below(6)));  // 100..105, thinning out
}

Date birth_for_age(const Model& m, int age, Rng& rng) {
  // Born in (start - (age+1) years, start - age years]: exactly `age` years old at period start;
  // never on the start day itself (babies born in the period are the segment's newborns).
  const std::int32_t lo = days_from_civil(add_years(m.spec.period_start, -(age + 1))) + 1;
  const std::int32_t hi = days_from_civil(add_years(m.spec.period_start, -age)) - (age == 0 ? 1 : 0);
  return civil_from_days(lo + static_cast<std::int32_t>(rng.below(static_cast<std::uint32_t>(hi - lo + 1))));
}

struct Candidate {
  int unit;
  double weight;
};

int pick(const std::vector<Candidate>& candidates, Rng& rng) {
  double total = 0;
  for (const Candidate& c : candidates) total += c.weight;
  if (candidates.empty() || !(total > 0)) return -1;
  double x = rng.uniform() * total;
  for (const Candidate& c : candidates) {
    if (x < c.weight) return c.unit;
    x -= c.weight;
  }
  return candidates.back().unit;
}

std::string substitute_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// A surname for a household: by weight, sometimes registered with a non-JIS X 0208 variant kanji.
void draw_surname(const Model& m, std::uint64_t s, std::uint64_t index, Name& name) {
  Rng rng(m.spec.seed, s, Purpose::surname, index);
  const Surname& sn = m.tables->surnames[m.draw_surname(rng.next())];
  name.kanji_surname = sn.kanji;
  name.kana_surname = sn.kana;
  std::vector<const std::pair<std::string, std::string>*> eligible;
  for (const auto& v : m.surname_variants) {
    if (sn.kanji.find(v.first) != std::string::npos) eligible.push_back(&v);
  }
  if (!eligible.empty()) {
    Rng rv(m.spec.seed, s, Purpose::variant, index);
    if (rv.chance(m.spec.rates.variant_surname)) {
      const auto* v = eligible[rv.below(static_cast<std::uint32_t>(eligible.size()))];
      name.kanji_surname = substitute_all(name.kanji_surname, v->first, v->second);
    }
  }
}

}  // namespace

Segment build_households(const Model& m, std::uint64_t s) {
  const PopulationRates& rates = m.spec.rates;
  const std::uint64_t seed = m.spec.seed;
  Segment seg;
  seg.index = s;
  seg.prefecture = m.segment_prefecture(s);
  seg.size = static_cast<int>(std::min<std::uint64_t>(kSegmentPersons, m.spec.persons - s * kSegmentPersons));
  const auto pref = static_cast<std::size_t>(seg.prefecture);

  Rng births_rng(seed, s, Purpose::births_count, 0);
  const int births = std::min(static_cast<int>(births_rng.poisson(seg.size * m.births_per_person_year * m.years)),
                              (seg.size - 1) / 4);
  const int base = seg.size - births;

  // 1. Persons alive at period start, from the prefecture's (sex, 5-year band) cells.
  std::vector<Member> drawn(static_cast<std::size_t>(seg.size));
  std::vector<std::uint64_t> key(static_cast<std::size_t>(seg.size));
  for (int i = 0; i < base; ++i) {
    Member& p = drawn[static_cast<std::size_t>(i)];
    Rng rng(seed, s, Purpose::person, static_cast<std::uint64_t>(i));
    const std::size_t cell = sample_cumulative(m.cells_cumulative[pref], rng.next());
    p.sex = cell < 21 ? Sex::male : Sex::female;
    p.age = draw_age(static_cast<int>(cell % 21), rng);
    p.birth = birth_for_age(m, p.age, rng);
    p.draw = static_cast<std::uint64_t>(i);
    key[static_cast<std::size_t>(i)] = rng.next();
  }

  // 2. Roles: children and young adults living with parents; elders living with a child.
  for (int i = 0; i < base; ++i) {
    Member& p = drawn[static_cast<std::size_t>(i)];
    Rng rng(seed, s, Purpose::role, static_cast<std::uint64_t>(i));
    const int a = p.age;
    if (a <= 17) {
      p.role = Role::child;
    } else if (a <= 49) {
      const double home = a <= 19   ? rates.young_adult_at_home_18_19
                          : a <= 24 ? rates.young_adult_at_home_20_24
                          : a <= 29 ? rates.young_adult_at_home_25_29
                          : a <= 39 ? rates.adult_at_home_30_39
                                    : rates.adult_at_home_40_49;
      if (rng.chance(home)) p.role = Role::child;
    } else if (a >= 65) {
      const double with_children = a >= 85   ? rates.elder_with_children_85
                                   : a >= 75 ? rates.elder_with_children_75_84
                                             : rates.elder_with_children_65_74;
      if (rng.chance(with_children)) p.role = Role::elder;
    }
  }

  // 3. Couples among independent adults: each woman (in random order) with probability
  //    partner_probability(age) takes the free man whose age is closest to hers + 2 (range -5..+12).
  std::vector<Unit>& units = seg.units;
  {
    std::vector<int> women, men;
    for (int i = 0; i < base; ++i) {
      const Member& p = drawn[static_cast<std::size_t>(i)];
      if (p.role != Role::independent) continue;
      (p.sex == Sex::female ? women : men).push_back(i);
    }
    const auto by_key = [&key](int a, int b) { return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)]; };
    std::sort(women.begin(), women.end(), by_key);
    std::sort(men.begin(), men.end(), by_key);
    std::vector<char> taken(static_cast<std::size_t>(seg.size), 0);
    for (const int w : women) {
      Rng rng(seed, s, Purpose::partner, static_cast<std::uint64_t>(w));
      const int aw = drawn[static_cast<std::size_t>(w)].age;
      if (!rng.chance(std::min(1.0, partner_probability(aw) * rates.partnered_scale))) continue;
      int best = -1;
      int best_score = 1 << 30;
      for (const int man : men) {
        if (taken[static_cast<std::size_t>(man)]) continue;
        const int d = drawn[static_cast<std::size_t>(man)].age - aw;
        if (d < -5 || d > 12) continue;
        const int score = std::abs(d - 2);
        if (score < best_score) {  // men are in key order: the first best wins ties
          best_score = score;
          best = man;
        }
      }
      if (best < 0) continue;
      taken[static_cast<std::size_t>(best)] = taken[static_cast<std::size_t>(w)] = 1;
      Unit u;
      u.head = best;
      u.spouse = w;
      units.push_back(std::move(u));
    }
    for (const auto* list : {&women, &men}) {
      for (const int i : *list) {
        if (taken[static_cast<std::size_t>(i)]) continue;
        Unit u;
        u.head = i;
        units.push_back(std::move(u));
      }
    }
  }
  const auto age_of = [&drawn](int i) { return i < 0 ? -1000 : drawn[static_cast<std::size_t>(i)].age; };
  const auto set_unit = [&drawn](int person, int unit) { drawn[static_cast<std::size_t>(person)].unit = unit; };
  for (std::size_t u = 0; u < units.size(); ++u) {
    set_unit(units[u].head, static_cast<int>(u));
    if (units[u].spouse >= 0) set_unit(units[u].spouse, static_cast<int>(u));
  }

  // 4. Children to a household whose mother is 20-45 years older (father 20-50 for a single father),
  //    preferring couples and households that already have children; twins with probability
  //    twin_delivery_share (a same-age child joins with the same birth date).
  {
    std::vector<int> children;
    for (int i = 0; i < base; ++i) {
      if (drawn[static_cast<std::size_t>(i)].role == Role::child) children.push_back(i);
    }
    std::sort(children.begin(), children.end(), [&](int a, int b) {
      const int aa = age_of(a), ab = age_of(b);
      return aa != ab ? aa > ab : key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)];
    });
    std::vector<char> placed(static_cast<std::size_t>(seg.size), 0);
    std::vector<Candidate> candidates;
    for (const int c : children) {
      if (placed[static_cast<std::size_t>(c)]) continue;
      const int ac = age_of(c);
      Rng rng(seed, s, Purpose::child, static_cast<std::uint64_t>(c));
      candidates.clear();
      for (std::size_t u = 0; u < units.size(); ++u) {
        const Unit& unit = units[u];
        if (unit.children.size() >= 5) continue;
        const Member& head = drawn[static_cast<std::size_t>(unit.head)];
        if (head.role != Role::independent) continue;
        bool ok = false;
        double weight = 0;
        if (unit.spouse >= 0) {
          const int gap = age_of(unit.spouse) - ac;
          ok = gap >= 20 && gap <= 45;
          weight = 8;
        } else if (head.sex == Sex::female) {
          const int gap = head.age - ac;
          ok = gap >= 20 && gap <= 45;
          weight = 1.2;
        } else {
          const int gap = head.age - ac;
          ok = gap >= 20 && gap <= 50;
          weight = 0.25;
        }
        if (!ok) continue;
        bool spread_ok = true;
        for (const int sib : unit.children) spread_ok = spread_ok && std::abs(age_of(sib) - ac) <= 18;
        if (!spread_ok) continue;
        static constexpr double kSiblings[] = {1.0, 1.6, 0.45, 0.1, 0.02};  // 1-2 children most common [U]
        candidates.push_back({static_cast<int>(u), weight * kSiblings[unit.children.size()]});
      }
      int chosen = pick(candidates, rng);
      if (chosen < 0) {  // grandparents
        candidates.clear();
        for (std::size_t u = 0; u < units.size(); ++u) {
          const Unit& unit = units[u];
          if (unit.children.size() < 5 && std::max(age_of(unit.head), age_of(unit.spouse)) >= ac + 40) {
            candidates.push_back({static_cast<int>(u), 1});
          }
        }
        chosen = pick(candidates, rng);
      }
      if (chosen < 0) {  // any adult
        candidates.clear();
        for (std::size_t u = 0; u < units.size(); ++u) {
          if (age_of(units[u].head) >= 20) candidates.push_back({static_cast<int>(u), 1});
        }
        chosen = pick(candidates, rng);
      }
      if (chosen < 0) {  // nobody to live with: a household of its own
        Unit u;
        u.head = c;
        units.push_back(std::move(u));
        chosen = static_cast<int>(units.size() - 1);
      } else {
        units[static_cast<std::size_t>(chosen)].children.push_back(c);
      }
      set_unit(c, chosen);
      placed[static_cast<std::size_t>(c)] = 1;
      Rng twin_rng(seed, s, Purpose::twin, static_cast<std::uint64_t>(c));
      if (units[static_cast<std::size_t>(chosen)].head != c && twin_rng.chance(rates.twin_delivery_share)) {
        // The co-twin is the unplaced child closest in age (at most 2 years off), who takes c's birth date.
        int twin_index = -1;
        for (const int t : children) {
          if (t == c || placed[static_cast<std::size_t>(t)] || std::abs(age_of(t) - ac) > 2) continue;
          if (twin_index < 0 || std::abs(age_of(t) - ac) < std::abs(age_of(twin_index) - ac)) twin_index = t;
        }
        if (twin_index >= 0) {
          const int t = twin_index;
          Member& twin = drawn[static_cast<std::size_t>(t)];
          twin.age = ac;
          twin.birth = drawn[static_cast<std::size_t>(c)].birth;
          twin.twin = c;
          drawn[static_cast<std::size_t>(c)].twin = t;
          units[static_cast<std::size_t>(chosen)].children.push_back(t);
          set_unit(t, chosen);
          placed[static_cast<std::size_t>(t)] = 1;
        }
      }
    }
  }

  // 5. Elders into the household of someone 20-45 years younger (their child), else alone.
  {
    std::vector<int> elders;
    for (int i = 0; i < base; ++i) {
      if (drawn[static_cast<std::size_t>(i)].role == Role::elder) elders.push_back(i);
    }
    std::sort(elders.begin(), elders.end(),
              [&key](int a, int b) { return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)]; });
    std::vector<Candidate> candidates;
    for (const int e : elders) {
      const int ae = age_of(e);
      Rng rng(seed, s, Purpose::elder, static_cast<std::uint64_t>(e));
      candidates.clear();
      for (std::size_t u = 0; u < units.size(); ++u) {
        const Unit& unit = units[u];
        if (unit.elders.size() >= 2 || drawn[static_cast<std::size_t>(unit.head)].role != Role::independent) continue;
        const auto fits = [&](int i) { return i >= 0 && age_of(i) >= ae - 45 && age_of(i) <= ae - 20; };
        if (fits(unit.head) || fits(unit.spouse)) candidates.push_back({static_cast<int>(u), unit.spouse >= 0 ? 3.0 : 1.0});
      }
      int chosen = pick(candidates, rng);
      if (chosen < 0) {
        drawn[static_cast<std::size_t>(e)].role = Role::independent;
        Unit u;
        u.head = e;
        units.push_back(std::move(u));
        chosen = static_cast<int>(units.size() - 1);
      } else {
        units[static_cast<std::size_t>(chosen)].elders.push_back(e);
      }
      set_unit(e, chosen);
    }
  }

  // 6. Babies of the period: birth date uniform in the period, mother by age-specific fertility among
  //    women living with a partner (single mothers at a lower weight); twins share date and mother.
  //    A baby slot without any possible mother becomes one more adult living alone.
  {
    const std::int32_t period = m.end_days - m.start_days;
    std::map<int, std::int32_t> last_delivery;
    std::vector<Candidate> candidates;
    for (int k = 0; k < births; ++k) {
      const int i = base + k;
      Member& baby = drawn[static_cast<std::size_t>(i)];
      baby.draw = static_cast<std::uint64_t>(i);
      Rng rng(seed, s, Purpose::birth_date, static_cast<std::uint64_t>(k));
      std::int32_t day = m.start_days + static_cast<std::int32_t>(rng.below(static_cast<std::uint32_t>(period)));
      key[static_cast<std::size_t>(i)] = rng.next();
      const Member* previous = k > 0 ? &drawn[static_cast<std::size_t>(i - 1)] : nullptr;
      int mother = -1;
      if (previous != nullptr && previous->newborn && previous->twin == i) {  // second twin
        mother = previous->mother;
        day = days_from_civil(previous->birth);
      } else {
        Rng mrng(seed, s, Purpose::mother, static_cast<std::uint64_t>(k));
        candidates.clear();
        const Date date = civil_from_days(day);
        for (int w = 0; w < base; ++w) {
          const Member& p = drawn[static_cast<std::size_t>(w)];
          if (p.sex != Sex::female || p.unit < 0) continue;
          const Unit& u = units[static_cast<std::size_t>(p.unit)];
          const bool partnered = u.spouse == w;
          if (!partnered && u.head != w) continue;
          const auto last = last_delivery.find(w);
          if (last != last_delivery.end() && std::abs(day - last->second) < 600) continue;
          const double f = fertility_shape(age_on(p.birth, date));
          if (f > 0) candidates.push_back({w, f * (partnered ? 1.0 : 0.08)});
        }
        mother = pick(candidates, mrng);
      }
      if (mother < 0) {  // one more adult living alone
        Rng xr(seed, s, Purpose::extra_person, static_cast<std::uint64_t>(k));
        std::size_t cell = 0;
        for (int tries = 0; tries < 64; ++tries) {
          cell = sample_cumulative(m.cells_cumulative[pref], xr.next());
          if (cell % 21 >= 4) break;
        }
        if (cell % 21 < 4) cell = (cell < 21 ? 0 : 21) + 8;
        baby.sex = cell < 21 ? Sex::male : Sex::female;
        baby.age = draw_age(static_cast<int>(cell % 21), xr);
        baby.birth = birth_for_age(m, baby.age, xr);
        Unit u;
        u.head = i;
        units.push_back(std::move(u));
        baby.unit = static_cast<int>(units.size() - 1);
        continue;
      }
      last_delivery[mother] = day;
      baby.newborn = true;
      baby.role = Role::child;
      baby.mother = mother;
      baby.birth = civil_from_days(day);
      baby.sex = rng.chance(kMaleBirthShare) ? Sex::male : Sex::female;
      baby.unit = drawn[static_cast<std::size_t>(mother)].unit;
      units[static_cast<std::size_t>(baby.unit)].children.push_back(i);
      if (baby.twin < 0 && k + 1 < births) {
        Rng twin_rng(seed, s, Purpose::twin, 1'000'000 + static_cast<std::uint64_t>(k));
        if (twin_rng.chance(rates.twin_delivery_share)) {
          baby.twin = i + 1;
          drawn[static_cast<std::size_t>(i + 1)].twin = i;
        }
      }
    }
  }

  // 7. Final order: households in random order (head, spouse, children oldest first, elders), then
  //    the babies by birth date. Every index is remapped to that order.
  std::vector<std::size_t> unit_order(units.size());
  std::iota(unit_order.begin(), unit_order.end(), std::size_t{0});
  {
    std::vector<std::uint64_t> unit_key(units.size());
    for (std::size_t u = 0; u < units.size(); ++u) {
      unit_key[u] = Rng(seed, s, Purpose::unit_order, drawn[static_cast<std::size_t>(units[u].head)].draw).next();
    }
    std::sort(unit_order.begin(), unit_order.end(), [&unit_key](std::size_t a, std::size_t b) {
      return unit_key[a] != unit_key[b] ? unit_key[a] < unit_key[b] : a < b;
    });
  }
  std::vector<int> new_index(static_cast<std::size_t>(seg.size), -1);
  std::vector<int> order;
  order.reserve(static_cast<std::size_t>(seg.size));
  const auto place = [&](int old) {
    new_index[static_cast<std::size_t>(old)] = static_cast<int>(order.size());
    order.push_back(old);
  };
  for (const std::size_t u : unit_order) {
    Unit& unit = units[u];
    place(unit.head);
    if (unit.spouse >= 0) place(unit.spouse);
    std::vector<int> base_children;
    for (const int c : unit.children) {
      if (!drawn[static_cast<std::size_t>(c)].newborn) base_children.push_back(c);
    }
    std::stable_sort(base_children.begin(), base_children.end(), [&](int a, int b) { return age_of(a) > age_of(b); });
    for (const int c : base_children) place(c);
    for (const int e : unit.elders) place(e);
  }
  {
    std::vector<int> babies;
    for (int i = 0; i < seg.size; ++i) {
      if (drawn[static_cast<std::size_t>(i)].newborn) babies.push_back(i);
    }
    std::stable_sort(babies.begin(), babies.end(), [&drawn](int a, int b) {
      return drawn[static_cast<std::size_t>(a)].birth < drawn[static_cast<std::size_t>(b)].birth;
    });
    for (const int b : babies) place(b);
  }
  if (static_cast<int>(order.size()) != seg.size) throw std::logic_error("build_households: not every person placed");
  std::vector<int> new_unit(units.size());
  for (std::size_t k = 0; k < unit_order.size(); ++k) new_unit[unit_order[k]] = static_cast<int>(k);
  const auto remap = [&new_index](int& i) {
    if (i >= 0) i = new_index[static_cast<std::size_t>(i)];
  };
  seg.members.resize(static_cast<std::size_t>(seg.size));
  for (std::size_t k = 0; k < order.size(); ++k) {
    Member p = drawn[static_cast<std::size_t>(order[k])];
    remap(p.twin);
    remap(p.mother);
    p.unit = new_unit[static_cast<std::size_t>(p.unit)];
    seg.members[k] = std::move(p);
  }
  {
    std::vector<Unit> sorted(units.size());
    for (std::size_t k = 0; k < unit_order.size(); ++k) {
      Unit u = std::move(units[unit_order[k]]);
      remap(u.head);
      remap(u.spouse);
      for (int& c : u.children) remap(c);
      for (int& e : u.elders) remap(e);
      sorted[k] = std::move(u);
    }
    units = std::move(sorted);
  }

  // 8. Names: one surname per household (an elder keeps it when the head's parent, else own);
  //    given names by sex and birth year; twins get different names; a few sons get the father's.
  std::vector<Member>& members = seg.members;
  for (std::size_t u = 0; u < units.size(); ++u) {
    Unit& unit = units[u];
    Name family;
    draw_surname(m, s, u, family);
    const auto give = [&](int i, const Name& n) {
      members[static_cast<std::size_t>(i)].name.kanji_surname = n.kanji_surname;
      members[static_cast<std::size_t>(i)].name.kana_surname = n.kana_surname;
    };
    give(unit.head, family);
    if (unit.spouse >= 0) give(unit.spouse, family);
    for (const int c : unit.children) give(c, family);
    for (const int e : unit.elders) {
      Rng rng(seed, s, Purpose::elder, 1'000'000 + static_cast<std::uint64_t>(e));
      if (rng.chance(0.5)) {
        give(e, family);
      } else {
        Name own;
        draw_surname(m, s, 1'000'000 + static_cast<std::uint64_t>(e), own);
        give(e, own);
      }
    }
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    Member& p = members[i];
    Rng rng(seed, s, Purpose::given, i);
    const Member* twin = p.twin >= 0 && static_cast<std::size_t>(p.twin) < i ? &members[static_cast<std::size_t>(p.twin)] : nullptr;
    for (int attempt = 0; attempt < 32; ++attempt) {
      const GivenName& g = m.draw_given(p.sex, p.birth.year, rng);
      p.name.kanji_given = g.kanji;
      p.name.kana_given = g.kana;
      if (twin == nullptr || (twin->name.kanji_given != g.kanji && twin->name.kana_given != g.kana)) break;
    }
  }
  for (const Unit& unit : units) {
    const Member& father = members[static_cast<std::size_t>(unit.head)];
    if (father.sex != Sex::male || father.role != Role::independent) continue;
    for (const int c : unit.children) {
      Member& son = members[static_cast<std::size_t>(c)];
      if (son.sex != Sex::male || father.age - son.age < 18) continue;
      Rng rng(seed, s, Purpose::same_name, static_cast<std::uint64_t>(c));
      if (rng.chance(rates.same_name_son)) {
        son.name.kanji_given = father.name.kanji_given;
        son.name.kana_given = father.name.kana_given;
        son.same_name_father = unit.head;
      }
    }
  }

  // 9. Addresses: municipality by population weight inside the prefecture, then a postal area.
  for (std::size_t u = 0; u < units.size(); ++u) {
    Rng rng(seed, s, Purpose::address, u);
    draw_address(m, static_cast<std::uint32_t>(m.draw_municipality(seg.prefecture, rng.next())), rng, units[u]);
  }
  return seg;
}

void inject_lookalikes(const Model& m, Segment& seg) {
  const std::uint64_t seed = m.spec.seed;
  const std::uint64_t s = seg.index;
  std::vector<int> candidates;
  std::uint64_t big_city_persons = 0;
  for (std::size_t u = 0; u < seg.units.size(); ++u) {
    const Unit& unit = seg.units[u];
    if (!m.big_city[unit.municipality]) continue;
    big_city_persons += 1 + (unit.spouse >= 0 ? 1U : 0U) + unit.children.size() + unit.elders.size();
    if (unit.spouse < 0 && unit.children.empty() && unit.elders.empty() &&
        seg.members[static_cast<std::size_t>(unit.head)].age >= 20) {
      candidates.push_back(static_cast<int>(u));
    }
  }
  if (candidates.empty()) return;
  Rng rng(seed, s, Purpose::lookalike, 0);
  // Only odd segments host lookalikes, so they carry twice the per-person rate.
  const auto wanted = std::min<std::size_t>(
      rng.poisson(2.0 * m.spec.rates.lookalike_big_city * static_cast<double>(big_city_persons)), candidates.size());
  for (std::size_t j = 0; j < wanted; ++j) {  // partial Fisher-Yates over the candidates
    std::swap(candidates[j], candidates[j + rng.below(static_cast<std::uint32_t>(candidates.size() - j))]);
  }
  const auto p = static_cast<std::size_t>(seg.prefecture);
  const std::uint64_t first = m.pref_first[p];
  const std::uint64_t last = m.pref_first[p + 1];
  const std::uint64_t first_even = first + first % 2;
  if (first_even >= last) return;
  const auto evens = static_cast<std::uint32_t>((last - first_even + 1) / 2);
  std::map<std::uint64_t, Segment> donors;  // segments computed for this segment's lookalikes
  for (std::size_t j = 0; j < wanted; ++j) {
    Rng drng(seed, s, Purpose::donor, j);
    for (int attempt = 0; attempt < 8; ++attempt) {
      const std::uint64_t t = first_even + 2ULL * drng.below(evens);
      if (t >= last || t / kSegmentsPerBlock == s / kSegmentsPerBlock) continue;
      auto it = donors.find(t);
      if (it == donors.end()) it = donors.emplace(t, build_households(m, t)).first;
      const Segment& other = it->second;
      std::vector<int> pool;
      for (std::size_t i = 0; i < other.members.size(); ++i) {
        const Member& d = other.members[i];
        if (!d.newborn && d.age >= 20 && m.big_city[other.units[static_cast<std::size_t>(d.unit)].municipality]) {
          pool.push_back(static_cast<int>(i));
        }
      }
      if (pool.empty()) continue;
      const int di = pool[drng.below(static_cast<std::uint32_t>(pool.size()))];
      const Member& donor = other.members[static_cast<std::size_t>(di)];
      Unit& unit = seg.units[static_cast<std::size_t>(candidates[j])];
      Member& r = seg.members[static_cast<std::size_t>(unit.head)];
      r.sex = donor.sex;
      r.age = donor.age;
      r.birth = donor.birth;
      r.name = donor.name;
      r.lookalike_of = t * kSegmentPersons + static_cast<std::uint64_t>(di);
      // Same city as the original, another postal area where there is one.
      const Unit& donor_unit = other.units[static_cast<std::size_t>(donor.unit)];
      const Municipality& muni = m.tables->municipalities[donor_unit.municipality];
      draw_address(m, donor_unit.municipality, drng, unit);
      if (muni.postal_areas.size() > 1 && unit.area == donor_unit.area) {
        unit.area = (unit.area + 1) % static_cast<std::uint32_t>(muni.postal_areas.size());
        unit.address.postal_code = muni.postal_areas[unit.area].postal_code;
        unit.address.text = address_text(muni, muni.postal_areas[unit.area], drng);
      }
      break;
    }
  }
}

}  // namespace nayose::synth::detail
