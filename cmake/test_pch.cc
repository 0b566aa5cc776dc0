// Compiles cmake/test_pch.h once; the tests reuse the result.
