# The benchmark workload shared by nnaudio_bench (bench/) and `nnaudio bench` (tools/), built
# once as a static library whichever of the two asks for it first.
if(NOT TARGET nnaudio_workload)
  add_library(nnaudio_workload STATIC ${CMAKE_CURRENT_LIST_DIR}/workload.cpp)
  target_include_directories(nnaudio_workload PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(nnaudio_workload PUBLIC nnaudio::nnaudio)
  target_compile_options(nnaudio_workload PRIVATE -Wall -Wextra)
endif()
