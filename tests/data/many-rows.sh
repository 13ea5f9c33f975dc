#!/usr/bin/env bash
# Write to OUT a plan of 7,788 rows for the tests of work done on two
# threads (4,096 rows or more): the seed plan over 30 years, with 20 monthly
# tasks more in the last duty (section III.6).
#
#   tests/data/many-rows.sh SEED_PLAN OUT
set -eu
seed=${1:?usage: many-rows.sh SEED_PLAN OUT}
out=${2:?usage: many-rows.sh SEED_PLAN OUT}
sed 's/period: {from: 2023-01-01, to: 2023-12-31}/period: {from: 1994-01-01, to: 2023-12-31}/' \
    "$seed" >"$out"
if cmp -s "$seed" "$out"; then
    echo "many-rows.sh: the seed's period was not found in $seed" >&2
    exit 1
fi
for i in $(seq 1 20); do
    printf '        - id: III.6.%d\n          text: Báo cáo tháng số %d của Mặt trận\n          deadline: {every: month}\n' \
        $((i + 3)) "$i" >>"$out"
done
