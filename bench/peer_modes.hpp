// fetch_bench's modes against a simulator that bench/peers.py started (its
// base URL is the first argument after the mode). Each prints one JSON line.
//   users URL                      the users stream: records, seconds, CPU, RSS
//   fanout URL STREAMS on|off|-    the streams (comma separated) with
//                                  active_hosts_only true/false/absent: records
//                                  and a digest per stream, requests and
//                                  partitions_pruned per stream from the
//                                  summary, records per parent (a histogram),
//                                  the minimum calls where it is known
//   tokens URL THREADS SECONDS     THREADS threads fetch users on one
//                                  connector for SECONDS
//   cold URL                       load + negotiate, create, authenticate,
//                                  validate: milliseconds each
#pragma once

namespace bench {

bool is_peer_mode(const char* mode);
int run_peer_mode(int argc, char** argv);

}  // namespace bench
