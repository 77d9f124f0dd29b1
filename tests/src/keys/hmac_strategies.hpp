#pragma once
// Runs a parameterised test once per HmacReinit strategy: both must give identical results.
#include <gtest/gtest.h>

#include <string>

#include "src/keys/hmac_sha256.hpp"

namespace nayose::keys::test_support {

inline const auto kHmacStrategies = ::testing::Values(HmacReinit::init_in_place, HmacReinit::dup_template);

inline std::string hmac_strategy_name(const ::testing::TestParamInfo<HmacReinit>& param) {
  return param.param == HmacReinit::init_in_place ? "init_in_place" : "dup_template";
}

}  // namespace nayose::keys::test_support
