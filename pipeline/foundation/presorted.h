#pragma once

#include <algorithm>

namespace sitrep {

/// Sorts [first, last) stably by `less`, as std::stable_sort does, for a range that mostly comes
/// sorted already: the ordered run at its front is kept, the rest sorted and merged in. A merge
/// takes the front's element of two equal ones first, so the order is the one a stable sort of
/// the whole range gives; sorted input costs one comparison an element, not n log n.
template <class It, class Less>
void stable_sort_presorted(It first, It last, Less less) {
    const It rest = std::is_sorted_until(first, last, less);
    std::stable_sort(rest, last, less);
    std::inplace_merge(first, rest, last, less);
}

}  // namespace sitrep
