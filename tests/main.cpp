// The one test binary's entry point: Catch2 v2 provides main(). Every tests/**/*.cpp (except
// tests/web/) is compiled into wirelab_tests; tags select groups ([tshark], [scenario], [heavy],
// [interop]) and become ctest labels (see tests/CMakeLists.txt).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
