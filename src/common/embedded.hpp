#pragma once
// EmbeddedFile lives in kernels/core (kernels embed data too); this header is kept for src/ users.
#include "kernels/core/embedded.hpp"
