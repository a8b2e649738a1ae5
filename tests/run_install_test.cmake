# cmake -DNNAUDIO_BUILD_DIR=... -DCONSUMER_SOURCE_DIR=... -DWORK_DIR=... [-DTorch_DIR=...]
#       [-DGENERATOR=...] [-DMAKE_PROGRAM=...] [-DCXX_COMPILER=...] [-DCONFIG=...]
#       -P run_install_test.cmake
#
# 1. cmake --install NNAUDIO_BUILD_DIR into WORK_DIR/prefix (emptied first, so nothing stale);
# 2. configures and builds CONSUMER_SOURCE_DIR in WORK_DIR/consumer with only that prefix on
#    CMAKE_PREFIX_PATH (plus Torch_DIR), as a user's own project would;
# 3. runs the program it built, which checks an STFT's output shapes.
cmake_minimum_required(VERSION 3.18)

foreach(required NNAUDIO_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR)
  if(NOT ${required})
    message(FATAL_ERROR "run_install_test.cmake: -D${required}=... is required")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Release)
endif()

function(run_step name)
  message(STATUS "install test: ${name}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "install test: ${name} failed (${result})")
  endif()
endfunction()

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/consumer")
file(REMOVE_RECURSE "${prefix}" "${consumer_build}")

run_step("install into ${prefix}"
         "${CMAKE_COMMAND}" --install "${NNAUDIO_BUILD_DIR}" --prefix "${prefix}"
         --config "${CONFIG}")

set(configure_args -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}"
    "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_BUILD_TYPE=${CONFIG}")
if(GENERATOR)
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(Torch_DIR)
  list(APPEND configure_args "-DTorch_DIR=${Torch_DIR}")
endif()
run_step("configure the consumer project" "${CMAKE_COMMAND}" ${configure_args})
run_step("build the consumer project"
         "${CMAKE_COMMAND}" --build "${consumer_build}" --config "${CONFIG}")

find_program(app NAMES app PATHS "${consumer_build}" "${consumer_build}/${CONFIG}"
             NO_DEFAULT_PATH REQUIRED)
run_step("run ${app}" "${app}")
