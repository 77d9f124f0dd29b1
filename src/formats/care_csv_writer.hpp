#pragma once
// 介護 (long-term care) monthly CSV per provider: our own layout, modelled on the identity part of
// the 国保連 交換情報 (README "介護 CSV": every column, encoding and why).
#include <array>
#include <string_view>

#include "kernels/synth/model.hpp"

namespace nayose::formats {

// Header line (UTF-8 names; the file itself is CP932).
inline constexpr std::array<std::string_view, 9> kCareCsvColumns = {
    "保険者番号",           "被保険者番号",       "被保険者氏名カナ", "性別",      "生年月日",
    "要介護状態区分コード", "認定有効期間開始日", "サービス提供年月", "事業所番号"};

// Path care/<事業所番号>/<YYYYMM>.csv; CP932, CRLF, header line; one data line per record; RecordTruth
// position = line number counting the header as line 1.
synth::WrittenFile write_care_csv(const synth::FacilityMonth& month);

}  // namespace nayose::formats
