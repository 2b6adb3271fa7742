// Executable that builds the shared precompiled header for -fPIE code (see LeadflowPrecompiledHeaders.cmake).
int main() { return 0; }
