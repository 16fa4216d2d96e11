#!/bin/sh
# accuracy.sh CAREERBOT ROOT PART MIN_ACCURACY MAX_WRONG [ONET_DIR]
# Runs careerbot classify --expect over every file of tests/corpus/PART (tune or heldout) as one
# corpus, with O*NET when ONET_DIR is given (skipped, as passed, when it is missing), and fails when
# accuracy falls below MIN_ACCURACY or wrong careers rise above MAX_WRONG (percent).
set -eu
bin=$1 root=$2 part=$3 min=$4 max=$5 onet=${6:-}
if [ -n "$onet" ] && [ ! -d "$onet" ]; then
  echo "accuracy: $onet is missing: the O*NET run is skipped"
  exit 0
fi
cat "$root"/tests/corpus/"$part"/*.tsv |
  "$bin" classify --expect --quiet ${onet:+--onet "$onet"} --min-accuracy "$min" --max-wrong "$max" -
