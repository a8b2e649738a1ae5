# The benchmark workload shared by nnaudio_bench (bench/) and `nnaudio bench` (tools/), built
# once as a static library whichever of the two asks for it first.
if(NOT TARGET nnaudio_workload)
  add_library(nnaudio_workload STATIC ${CMAKE_CURRENT_LIST_DIR}/workload.cpp)
  target_include_directories(nnaudio_workload PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(nnaudio_workload PUBLIC nnaudio::nnaudio)
  target_compile_options(nnaudio_workload PRIVATE -Wall -Wextra)
  # The STFT's physical-limit row times bare FFTW transforms of the frames.
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(NNAUDIO_BENCH_FFTW3F IMPORTED_TARGET fftw3f)
  endif()
  if(NNAUDIO_BENCH_FFTW3F_FOUND)
    target_compile_definitions(nnaudio_workload PRIVATE NNAUDIO_BENCH_HAVE_FFTW=1)
    target_link_libraries(nnaudio_workload PRIVATE PkgConfig::NNAUDIO_BENCH_FFTW3F)
  endif()
endif()
