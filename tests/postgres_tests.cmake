# Read by ctest after the doctest cases are registered (TEST_INCLUDE_FILES): the cases of the
# doctest suite "postgres" need the test PostgreSQL server, so they get the fixture that
# starts it once per run, the variable that says where its URL is, and the label postgres
# (`ctest -L postgres`, `ctest -LE postgres`). Expects SITREP_TESTS_EXE and SITREP_PG_DIR.
if(NOT EXISTS "${SITREP_TESTS_EXE}")
  return()  # not built yet: doctest's own include file says so
endif()
execute_process(COMMAND "${SITREP_TESTS_EXE}" --test-suite=postgres --list-test-cases
                OUTPUT_VARIABLE output RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${SITREP_TESTS_EXE} --list-test-cases failed (${result}): ${output}")
endif()
string(REPLACE "\n" ";" lines "${output}")
foreach(line IN LISTS lines)
  # doctest frames the list with a rule and a summary line.
  if(line STREQUAL "" OR line MATCHES "^=+$" OR line MATCHES "^\\[doctest\\] ")
    continue()
  endif()
  set_tests_properties("${line}" PROPERTIES FIXTURES_REQUIRED postgres LABELS postgres
                       ENVIRONMENT "SITREP_TEST_PG_URL_FILE=${SITREP_PG_DIR}/url")
endforeach()

# The end-to-end suite runs a second time on PostgreSQL: each case again as "[postgres] NAME",
# with SITREP_TEST_STORE=postgres, so that every command and service it starts keeps its store
# on the test server. The migration of SQLite states made by older versions is SQLite's alone.
execute_process(COMMAND "${SITREP_TESTS_EXE}" --list-test-cases "--source-file=*tests/e2e/*"
                        "--source-file-exclude=*report_figures_test.cpp"
                OUTPUT_VARIABLE output RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${SITREP_TESTS_EXE} --list-test-cases failed (${result}): ${output}")
endif()
string(REPLACE "\n" ";" lines "${output}")
foreach(line IN LISTS lines)
  if(line STREQUAL "" OR line MATCHES "^=+$" OR line MATCHES "^\\[doctest\\] ")
    continue()
  endif()
  string(REPLACE "," "\\," escaped "${line}")
  add_test("[postgres] ${line}" "${SITREP_TESTS_EXE}" "--test-case=${escaped}")
  set_tests_properties("[postgres] ${line}" PROPERTIES FIXTURES_REQUIRED postgres
                       LABELS "postgres;e2e-postgres" WORKING_DIRECTORY "${SITREP_SOURCE_DIR}"
                       ENVIRONMENT "SITREP_TEST_PG_URL_FILE=${SITREP_PG_DIR}/url;SITREP_TEST_STORE=postgres")
endforeach()
