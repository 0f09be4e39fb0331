#!/usr/bin/env bash
# Synthesized calibration images for `mote quantize` (IC: CIFAR-10 32x32x3,
# VWW: 96x96x3). No real image set ships with Debian in a usable form, so
# these are generated: per image a random colour gradient, a few random
# ellipses and rectangles of flat colour, and mild pixel noise, i.e. smooth
# regions and edges like photographs have, not white noise. Deterministic in
# the seed (perl's rand is drand48).
#
# Usage: scripts/calibration_images.sh OUT.bin COUNT HEIGHT WIDTH SCALE [SEED]
#   writes COUNT images as raw little-endian float32, HWC order, values in
#   [0, SCALE] (255 for ic_resnet*, 1 for vww_mobilenet*).
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: $0 OUT.bin COUNT HEIGHT WIDTH SCALE [SEED]" >&2
  exit 2
fi
exec perl -e '
  use strict; use warnings;
  my ($out, $count, $h, $w, $scale, $seed) = @ARGV;
  srand($seed);
  open(my $fh, ">:raw", $out) or die "$out: $!\n";
  for my $n (1 .. $count) {
    my @base = map { [rand(), rand() - 0.5, rand() - 0.5] } 0 .. 2;  # colour, d/dx, d/dy
    my @shapes;
    for (1 .. 2 + int(rand(5))) {
      push @shapes, { round => rand() < 0.5, cy => rand($h), cx => rand($w),
                      ry => 2 + rand($h / 3), rx => 2 + rand($w / 3),
                      colour => [rand(), rand(), rand()] };
    }
    my $buf = "";
    for my $y (0 .. $h - 1) {
      for my $x (0 .. $w - 1) {
        my @c = map { $base[$_][0] + $base[$_][1] * $x / $w + $base[$_][2] * $y / $h } 0 .. 2;
        for my $s (@shapes) {
          my ($dy, $dx) = (($y - $s->{cy}) / $s->{ry}, ($x - $s->{cx}) / $s->{rx});
          my $inside = $s->{round} ? $dy * $dy + $dx * $dx <= 1 : abs($dy) <= 1 && abs($dx) <= 1;
          @c = @{ $s->{colour} } if $inside;
        }
        for my $v (@c) {
          $v += (rand() + rand() - 1) * 0.03;
          $v = $v < 0 ? 0 : $v > 1 ? 1 : $v;
          $buf .= pack("f<", $v * $scale);
        }
      }
    }
    print $fh $buf;
  }
  close($fh) or die "$out: $!\n";
' "$1" "$2" "$3" "$4" "$5" "${6:-1}"
