// FetchRun::read_page: which records of an answer are the stream's (its
// list, or the whole answer for an endpoint that returns one object) and the
// next page's token, refusing an answer that changed shape or loops.
#include "fetch/fetch_run.hpp"

namespace zc::fetch {

Result<std::string> FetchRun::read_page(Partition& partition, PageReader& reader) const {
  const std::string array_key(partition.stream->array_key);
  // An endpoint that answers one object: that object is the one record.
  if (array_key.empty()) {
    reader.select_whole();
    return std::string();
  }
  switch (reader.select(array_key)) {
    case PageReader::List::records:
      break;
    case PageReader::List::absent:
    case PageReader::List::null:
      // Zoom leaves the list out (or null) when there is nothing in it. Only
      // a page that says so is the last, empty page; any other is an error,
      // never a silent end of the walk.
      if (reader.count("total_records") == 0 && reader.next_page_token() == std::string()) break;
      [[fallthrough]];
    case PageReader::List::not_a_list:
    case PageReader::List::repeated:
      return fail(Status::remote_error,
                  "Zoom's answer has no \"" + array_key + "\" list (the response changed shape)");
    case PageReader::List::not_records:
      return fail(Status::remote_error,
                  "Zoom's \"" + array_key + "\" list holds something that is not a record");
  }
  // A list that is not paged is all in one answer, whatever else it says.
  if (partition.stream->page_size_max == 0) return std::string();
  auto token = reader.next_page_token();
  if (!token) {
    return fail(Status::remote_error,
                "Zoom's next_page_token is neither text nor null; the walk stopped here instead "
                "of guessing it was the end");
  }
  if (!token->empty() &&
      (*token == partition.page_token || !partition.seen_tokens.insert(*token).second)) {
    return fail(Status::remote_error,
                "Zoom repeated a next_page_token; the walk stopped here instead of looping");
  }
  return std::move(*token);
}

}  // namespace zc::fetch
