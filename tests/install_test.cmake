# install_consumer: installs this build into a temporary prefix, then configures, builds and runs
# tests/consumer (find_package(nnaudio) + nnaudio::nnaudio) against it. See run_install_test.cmake.
set(NNAUDIO_INSTALL_TEST_ARGS
    -DNNAUDIO_BUILD_DIR=${PROJECT_BINARY_DIR}
    -DCONSUMER_SOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}/consumer
    -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/install_test
    -DGENERATOR=${CMAKE_GENERATOR}
    -DMAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}
    -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
    -DCONFIG=$<CONFIG>)
if(Torch_DIR)
  list(APPEND NNAUDIO_INSTALL_TEST_ARGS -DTorch_DIR=${Torch_DIR})
endif()
add_test(NAME install_consumer
         COMMAND ${CMAKE_COMMAND} ${NNAUDIO_INSTALL_TEST_ARGS}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/run_install_test.cmake)
# Compiles one file against LibTorch: about a minute on two cores.
set_tests_properties(install_consumer PROPERTIES TIMEOUT 900 LABELS install)
