# Read by ctest after the doctest cases are registered (TEST_INCLUDE_FILES): the cases of the
# doctest suite "postgres" need the test PostgreSQL server, so they get the fixture that
# starts it once per run, the variable that says where its URL is, and the label postgres
# (`ctest -L postgres`, `ctest -LE postgres`). Expects SITREP_TESTS_EXE, SITREP_PG_DIR and
# SITREP_SOURCE_DIR.
if(NOT EXISTS "${SITREP_TESTS_EXE}")
  return()  # not built yet: doctest's own include file says so
endif()

# The names of the doctest cases that `filters` (doctest options) select, into `out`.
function(doctest_cases out)
  execute_process(COMMAND "${SITREP_TESTS_EXE}" --list-test-cases ${ARGN}
                  OUTPUT_VARIABLE output RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${SITREP_TESTS_EXE} --list-test-cases failed (${result}): ${output}")
  endif()
  string(REPLACE "\n" ";" lines "${output}")
  set(cases "")
  foreach(line IN LISTS lines)
    # doctest frames the list with a rule and a summary line.
    if(NOT (line STREQUAL "" OR line MATCHES "^=+$" OR line MATCHES "^\\[doctest\\] "))
      list(APPEND cases "${line}")
    endif()
  endforeach()
  set(${out} "${cases}" PARENT_SCOPE)
endfunction()

doctest_cases(cases --test-suite=postgres)
foreach(name IN LISTS cases)
  set_tests_properties("${name}" PROPERTIES FIXTURES_REQUIRED postgres LABELS postgres
                       ENVIRONMENT "SITREP_TEST_PG_URL_FILE=${SITREP_PG_DIR}/url")
endforeach()

# The end-to-end suite runs a second time on PostgreSQL: each case again as "[postgres] NAME",
# with SITREP_TEST_STORE=postgres, so that every command and service it starts keeps its store
# on the test server. Left out: the migration of SQLite states made by older versions
# (SQLite's alone) and the cases of the suite "postgres" (on a server of their own already).
doctest_cases(cases "--source-file=*tests/e2e/*" "--source-file-exclude=*report_figures_test.cpp,*state_v5_test.cpp"
              --test-suite-exclude=postgres)
foreach(name IN LISTS cases)
  string(REPLACE "," "\\," escaped "${name}")
  add_test("[postgres] ${name}" "${SITREP_TESTS_EXE}" "--test-case=${escaped}")
  set_tests_properties("[postgres] ${name}" PROPERTIES FIXTURES_REQUIRED postgres
                       LABELS "postgres;e2e-postgres" WORKING_DIRECTORY "${SITREP_SOURCE_DIR}"
                       ENVIRONMENT "SITREP_TEST_PG_URL_FILE=${SITREP_PG_DIR}/url;SITREP_TEST_STORE=postgres")
endforeach()
