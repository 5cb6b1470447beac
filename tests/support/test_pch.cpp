// Builds the tests' precompiled header (CMakeLists.txt); runs nothing.
int main() { return 0; }
