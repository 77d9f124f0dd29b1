#pragma once
// What RECEIPTC.UKE and RECEIPTY.CYO share: date forms (西暦 or legacy 和暦 per facility), the
// レセプト種別 code, the 審査支払機関 of a file and the name fields of RE (README "UKE", "CYO").
#include <string>
#include <utility>

#include "kernels/synth/model.hpp"

namespace nayose::formats::claims {

// YYYYMMDD, or GYYMMDD when `wareki` (empty date -> "").
std::string date(const synth::Date& date, bool wareki);
// YYYYMM, or GYYMM when `wareki`.
std::string month(int year, int month, bool wareki);
// RE 生年月日: "" when birth_missing; in 和暦, ErrorFlag kEraDigitWrong writes a wrong 元号 code.
std::string birth_date(const synth::RecordedIdentity& identity, bool wareki);

// The month after (year, month): 請求年月 of a claim for services in (year, month).
std::pair<int, int> following_month(int year, int month);

// Who pays, from the insurer number as written: 市町村国保 (6 digits, or 5 after a lost leading
// zero), 後期高齢者医療 (法別 39) or an employee scheme (everything else).
enum class PayerGroup { kokuho, kouki, employee };
PayerGroup payer_group(const std::string& insurer_number);

// IR-2 / YK-1 審査支払機関: '2' (国保連) when most claims of the file are 国保 or 後期, else '1' (支払基金).
char payer_organization(const synth::FacilityMonth& month);

// レセプト種別 (DOMAIN §1.6): `table` ('1' 医科, '4' 調剤), then 3 for 後期 / 1 otherwise, 1 (単独),
// then the patient class for the claim month: 後期 or 高齢受給者 (from the month after the 70th
// birthday, the birthday month when born on the 1st) 7/8, 未就学者 (before the April 1 after the
// 6th birthday) 3/4, 枝番 "00" or empty 本人/世帯主 1/2, other 枝番 家族 5/6; odd = 入院.
std::string receipt_kind(char table, const synth::RecordedIdentity& identity, bool inpatient, int year,
                         int month);

// RE 氏名: the kanji name, or the kana name when the kanji name is empty (as recorded).
std::string name(const synth::RecordedIdentity& identity);
// RE カタカナ氏名: the kana name as recorded with its spaces removed.
std::string kana_name(const synth::RecordedIdentity& identity);

// "1" / "2".
std::string sex_code(synth::Sex sex);

}  // namespace nayose::formats::claims
