# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build-release/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build-release/tests/common_test[1]_include.cmake")
include("/work/main/build-release/tests/directory_test[1]_include.cmake")
include("/work/main/build-release/tests/server_test[1]_include.cmake")
add_test([=[postgres_start]=] "sh" "-c" "/work/main/deploy/local/pg_cluster.sh destroy /work/main/build-release/test-pg && /work/main/deploy/local/pg_cluster.sh start /work/main/build-release/test-pg")
set_tests_properties([=[postgres_start]=] PROPERTIES  FIXTURES_SETUP "postgres" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;8;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[postgres_stop]=] "/work/main/deploy/local/pg_cluster.sh" "destroy" "/work/main/build-release/test-pg")
set_tests_properties([=[postgres_stop]=] PROPERTIES  FIXTURES_CLEANUP "postgres" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;11;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[python_client]=] "/work/main/tests/support/with_summitd.sh" "/work/main/build-release" "/work/main/tests/python/run_python_client.sh")
set_tests_properties([=[python_client]=] PROPERTIES  ENVIRONMENT "SUMMIT_TEST_PG_DIR=/work/main/build-release/test-pg" FIXTURES_REQUIRED "postgres" TIMEOUT "120" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;51;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[summitctl_cli]=] "/work/main/tests/support/with_summitd.sh" "/work/main/build-release" "/work/main/tests/cli/summitctl_test.sh")
set_tests_properties([=[summitctl_cli]=] PROPERTIES  ENVIRONMENT "SUMMIT_TEST_PG_DIR=/work/main/build-release/test-pg" FIXTURES_REQUIRED "postgres" TIMEOUT "120" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;53;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[k8s_render_local]=] "/usr/bin/kubectl" "kustomize" "/work/main/deploy/k8s/overlays/local")
set_tests_properties([=[k8s_render_local]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;72;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[k8s_render_split-services]=] "/usr/bin/kubectl" "kustomize" "/work/main/deploy/k8s/overlays/split-services")
set_tests_properties([=[k8s_render_split-services]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;72;add_test;/work/main/tests/CMakeLists.txt;0;")
subdirs("bench")
