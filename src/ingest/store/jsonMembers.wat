;; The top-level members of one JSON object line, found without decoding them: for each
;; `"key": value` the positions of the key's quotes and of the value, and whether a string
;; value holds a backslash escape. The index's native decoder (nativeDecode.ts) then reads only
;; the light values; the heavy ones (prompts, completions) are stepped over here, 16 bytes at a
;; time inside strings, which is most of a trace file's bytes.
;;
;; Built to jsonMembersWasm.ts by scripts/build-wasm.mjs. The JS twin is memberScan.ts's
;; jsMembers: both must accept and reject the same lines.
;;
;; Memory: [0, 256) which bytes may stand outside strings inside a value (JSON punctuation,
;; digits, the letters of true/false/null); [256, 2816) the result, 40 bytes per member (seven
;; i32, a pad, an f64); [2816, 4096) needles for `contains`; [4096, 6144) the keys the caller
;; registered, 64 slots of 32 bytes (the key's bytes padded to 16, its length, its code; code
;; 0: empty); [6144, 6208) per key code, 1 when its values are interned; [6208, 6216) the
;; intern generation and whether the last scan started a new one; [8192, 327680) the intern
;; table (4096 slots of hash and id, 3071 entries of offset and length, 256 KiB of bytes);
;; from 327680 on, buffers the caller manages. A 16-byte load may read up to 16 bytes past
;; `end`: callers leave that much room after their buffers.
(module
  (memory (export "memory") 6)
  (global $escaped (mut i32) (i32.const 0))
  ;; interned values so far (ids 1..$internCount) and bytes of the intern arena used
  (global $internCount (mut i32) (i32.const 0))
  (global $internBytes (mut i32) (i32.const 0))

  ;; Bytes allowed outside strings inside a skipped value: " \t\r{}[],:0123456789-+.eEtruefalsn"
  (data (i32.const 9) "\01")
  (data (i32.const 13) "\01")
  (data (i32.const 32) "\01")
  (data (i32.const 43) "\01\01\01\01")
  (data (i32.const 48) "\01\01\01\01\01\01\01\01\01\01\01")
  (data (i32.const 69) "\01")
  (data (i32.const 91) "\01")
  (data (i32.const 93) "\01")
  (data (i32.const 97) "\01")
  (data (i32.const 101) "\01\01")
  (data (i32.const 108) "\01")
  (data (i32.const 110) "\01")
  (data (i32.const 114) "\01\01\01\01")
  (data (i32.const 123) "\01")
  (data (i32.const 125) "\01")

  (func $isSpace (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 0x20))
      (i32.or (i32.eq (local.get $c) (i32.const 0x09)) (i32.eq (local.get $c) (i32.const 0x0d)))))

  ;; The first byte at or after $i that is not a space, tab or carriage return, or $end.
  (func $skipSpace (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        ;; every byte this format puts between tokens is above 0x20: one compare in the common case
        (br_if $done (i32.gt_u (local.get $c) (i32.const 0x20)))
        (br_if $done (i32.eqz (call $isSpace (local.get $c))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  ;; The closing quote of the string whose opening quote is at $q, or -1 when it is not closed
  ;; before $end. Sets $escaped when the string holds a backslash.
  (func $stringEnd (param $q i32) (param $end i32) (result i32)
    (local $i i32) (local $v v128) (local $m i32)
    (local.set $i (i32.add (local.get $q) (i32.const 1)))
    (loop $next
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (local.set $v (v128.load (local.get $i)))
      (local.set $m (i8x16.bitmask (v128.or
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))))
      (if (i32.eqz (local.get $m)) (then
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
      (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $m))))
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x22)) (then (return (local.get $i))))
      ;; a backslash: the byte after it is escaped, whatever it is
      (global.set $escaped (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $next))
    (unreachable))

  ;; End (exclusive) of the object or array opening at $i, or -1. Brackets are counted, not
  ;; matched by kind, as the JS twin does; JSON.parse of the value reports a mismatch.
  (func $nestedEnd (param $i i32) (param $end i32) (result i32)
    (local $depth i32) (local $c i32) (local $q i32)
    (loop $next
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (local.set $c (i32.load8_u (local.get $i)))
      (if (i32.eq (local.get $c) (i32.const 0x22)) (then
        (local.set $q (call $stringEnd (local.get $i) (local.get $end)))
        (if (i32.lt_s (local.get $q) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $i (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
      (if (i32.or (i32.eq (local.get $c) (i32.const 0x7b)) (i32.eq (local.get $c) (i32.const 0x5b)))
        (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
        (else
          (if (i32.or (i32.eq (local.get $c) (i32.const 0x7d)) (i32.eq (local.get $c) (i32.const 0x5d)))
            (then
              (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
              (if (i32.eqz (local.get $depth)) (then (return (i32.add (local.get $i) (i32.const 1))))))
            (else
              (if (i32.eqz (i32.load8_u (local.get $c))) (then (return (i32.const -1))))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))
    (unreachable))

  ;; End (exclusive) of a number or literal starting at $i, or -1.
  (func $bareEnd (param $i i32) (param $end i32) (result i32)
    (local $s i32) (local $c i32)
    (local.set $s (local.get $i))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done (i32.or
          (i32.or (i32.eq (local.get $c) (i32.const 0x2c)) (i32.eq (local.get $c) (i32.const 0x7d)))
          (i32.or (i32.eq (local.get $c) (i32.const 0x5d)) (call $isSpace (local.get $c)))))
        (if (i32.eqz (i32.load8_u (local.get $c))) (then (return (i32.const -1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (if (result i32) (i32.eq (local.get $i) (local.get $s)) (then (i32.const -1)) (else (local.get $i))))

  ;; The code registered for the key whose quotes are at $ks and $ke, or 0. Slots are probed
  ;; from a hash of the key's length and first and last bytes (memberScan.ts's keySlot).
  (func $keyCode (param $ks i32) (param $ke i32) (result i32)
    (local $len i32) (local $h i32) (local $slot i32) (local $need i32)
    (local.set $len (i32.sub (i32.sub (local.get $ke) (local.get $ks)) (i32.const 1)))
    (if (i32.or (i32.eqz (local.get $len)) (i32.gt_u (local.get $len) (i32.const 16))) (then (return (i32.const 0))))
    (local.set $h (i32.and
      (i32.add (i32.add
        (i32.mul (i32.load8_u offset=1 (local.get $ks)) (i32.const 7))
        (i32.mul (i32.load8_u (i32.sub (local.get $ke) (i32.const 1))) (i32.const 3)))
        (local.get $len))
      (i32.const 63)))
    (local.set $need (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))
    (loop $probe
      (local.set $slot (i32.add (i32.const 4096) (i32.shl (local.get $h) (i32.const 5))))
      (if (i32.eqz (i32.load offset=20 (local.get $slot))) (then (return (i32.const 0))))
      (if (i32.eq (i32.load offset=16 (local.get $slot)) (local.get $len)) (then
        (if (i32.eq (local.get $need)
              (i32.and (local.get $need) (i8x16.bitmask (i8x16.eq
                (v128.load offset=1 (local.get $ks))
                (v128.load (local.get $slot))))))
          (then (return (i32.load offset=20 (local.get $slot)))))))
      (local.set $h (i32.and (i32.add (local.get $h) (i32.const 1)) (i32.const 63)))
      (br $probe))
    (unreachable))

  ;; The number in the $n ASCII digits at $s, or -1 when one is not a digit.
  (func $digits (param $s i32) (param $n i32) (result i32)
    (local $v i32) (local $d i32) (local $end i32)
    (local.set $end (i32.add (local.get $s) (local.get $n)))
    (loop $next
      (local.set $d (i32.sub (i32.load8_u (local.get $s)) (i32.const 0x30)))
      (if (i32.gt_u (local.get $d) (i32.const 9)) (then (return (i32.const -1))))
      (local.set $v (i32.add (i32.mul (local.get $v) (i32.const 10)) (local.get $d)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $s) (local.get $end))))
    (local.get $v))

  ;; Days from 1970-01-01 to the first of month $m (1-12) of year $y (proleptic Gregorian, $y >= 100).
  (func $daysToMonth (param $y i32) (param $m i32) (result i32)
    (local $era i32) (local $yoe i32) (local $doy i32)
    (if (i32.le_u (local.get $m) (i32.const 2)) (then (local.set $y (i32.sub (local.get $y) (i32.const 1)))))
    (local.set $era (i32.div_u (local.get $y) (i32.const 400)))
    (local.set $yoe (i32.sub (local.get $y) (i32.mul (local.get $era) (i32.const 400))))
    (local.set $doy (i32.div_u
      (i32.add (i32.mul (i32.const 153)
        (i32.add (local.get $m) (if (result i32) (i32.gt_u (local.get $m) (i32.const 2)) (then (i32.const -3)) (else (i32.const 9)))))
        (i32.const 2))
      (i32.const 5)))
    (i32.sub
      (i32.add (i32.mul (local.get $era) (i32.const 146097))
        (i32.add (i32.sub (i32.add (i32.mul (local.get $yoe) (i32.const 365)) (i32.div_u (local.get $yoe) (i32.const 4)))
          (i32.div_u (local.get $yoe) (i32.const 100)))
          (local.get $doy)))
      (i32.const 719468)))

  ;; `YYYY-MM-DDTHH:MM:SS.ffffffZ` at $s as epoch microseconds, or NaN: the same checks and the
  ;; same double arithmetic, in the same order, as isoTime.ts's isoMicros (Date.UTC is linear in
  ;; days and hours, so a day 31 of a short month carries into the next, as there).
  (func $isoMicros (param $s i32) (result f64)
    (local $y i32) (local $mo i32) (local $d i32) (local $h i32) (local $mi i32) (local $sec i32) (local $f i32)
    (if (i32.or (i32.or (i32.or
          (i32.ne (i32.load8_u offset=4 (local.get $s)) (i32.const 0x2d))
          (i32.ne (i32.load8_u offset=7 (local.get $s)) (i32.const 0x2d)))
        (i32.or
          (i32.ne (i32.load8_u offset=10 (local.get $s)) (i32.const 0x54))
          (i32.ne (i32.load8_u offset=13 (local.get $s)) (i32.const 0x3a))))
      (i32.or (i32.or
          (i32.ne (i32.load8_u offset=16 (local.get $s)) (i32.const 0x3a))
          (i32.ne (i32.load8_u offset=19 (local.get $s)) (i32.const 0x2e)))
        (i32.ne (i32.load8_u offset=26 (local.get $s)) (i32.const 0x5a))))
      (then (return (f64.const nan))))
    (local.set $y (call $digits (local.get $s) (i32.const 4)))
    (local.set $mo (call $digits (i32.add (local.get $s) (i32.const 5)) (i32.const 2)))
    (local.set $d (call $digits (i32.add (local.get $s) (i32.const 8)) (i32.const 2)))
    (local.set $h (call $digits (i32.add (local.get $s) (i32.const 11)) (i32.const 2)))
    (local.set $mi (call $digits (i32.add (local.get $s) (i32.const 14)) (i32.const 2)))
    (local.set $sec (call $digits (i32.add (local.get $s) (i32.const 17)) (i32.const 2)))
    (local.set $f (call $digits (i32.add (local.get $s) (i32.const 20)) (i32.const 6)))
    ;; a digit check failed (-1), or a field is out of the range isoMicros accepts
    (if (i32.or (i32.or (i32.or (i32.lt_s (local.get $y) (i32.const 100)) (i32.lt_s (local.get $f) (i32.const 0)))
          (i32.or (i32.gt_u (i32.sub (local.get $mo) (i32.const 1)) (i32.const 11)) (i32.gt_u (i32.sub (local.get $d) (i32.const 1)) (i32.const 30))))
        (i32.or (i32.or (i32.gt_u (local.get $h) (i32.const 24)) (i32.gt_u (local.get $mi) (i32.const 59))) (i32.gt_u (local.get $sec) (i32.const 60))))
      (then (return (f64.const nan))))
    (f64.add
      (f64.mul
        (f64.add
          (f64.add
            (f64.add
              (f64.mul (f64.convert_i32_s (i32.add (call $daysToMonth (local.get $y) (local.get $mo)) (i32.sub (local.get $d) (i32.const 1)))) (f64.const 86400000))
              (f64.convert_i32_s (i32.mul (local.get $h) (i32.const 3600000))))
            (f64.convert_i32_s (i32.mul (local.get $mi) (i32.const 60000))))
          (f64.convert_i32_s (i32.mul (local.get $sec) (i32.const 1000))))
        (f64.const 1000))
      (f64.convert_i32_s (local.get $f))))

;; Hash of $len bytes at $s: eight bytes a step (a multiply each), then a finaliser.
  (func $hash (param $s i32) (param $len i32) (result i32)
    (local $h i64) (local $end i32)
    (local.set $h (i64.xor (i64.const 0xcbf29ce484222325) (i64.extend_i32_u (local.get $len))))
    (local.set $end (i32.add (local.get $s) (local.get $len)))
    (block $words
      (loop $word
        (br_if $words (i32.gt_u (i32.add (local.get $s) (i32.const 8)) (local.get $end)))
        (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load (local.get $s))) (i64.const 0x100000001b3)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (br $word)))
    (block $bytes
      (loop $byte
        (br_if $bytes (i32.ge_u (local.get $s) (local.get $end)))
        (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u (local.get $s))) (i64.const 0x100000001b3)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $byte)))
    (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32))))
    (local.set $h (i64.mul (local.get $h) (i64.const 0xff51afd7ed558ccd)))
    (i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29)))))

  ;; Whether the $len bytes at $a and at $b are the same, 16 at a time.
  (func $same (param $a i32) (param $b i32) (param $len i32) (result i32)
    (local $m i32)
    (block $done
      (loop $chunk
        (br_if $done (i32.le_s (local.get $len) (i32.const 0)))
        (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (if (i32.lt_u (local.get $len) (i32.const 16))
          (then (return (i32.eq
            (i32.and (local.get $m) (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))
            (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1))))))
        (if (i32.ne (local.get $m) (i32.const 0xffff)) (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $len (i32.sub (local.get $len) (i32.const 16)))
        (br $chunk)))
    (i32.const 1))

  ;; The id (1 and up) of the $len bytes at $s in the intern table, added if new; 0 for values
  ;; too long to intern. A full table starts over: the generation at 6208 goes up, and 6212
  ;; says so, since ids this scan gave out before that mean nothing now.
  (func $intern (param $s i32) (param $len i32) (result i32)
    (local $h i32) (local $slot i32) (local $id i32) (local $entry i32)
    (if (i32.gt_u (local.get $len) (i32.const 255)) (then (return (i32.const 0))))
    (local.set $h (call $hash (local.get $s) (local.get $len)))
    (local.set $slot (i32.and (local.get $h) (i32.const 4095)))
    (loop $probe
      (local.set $id (i32.load offset=8196 (i32.shl (local.get $slot) (i32.const 3))))
      (if (i32.eqz (local.get $id)) (then
        (if (i32.or (i32.eq (global.get $internCount) (i32.const 3071))
              (i32.gt_u (i32.add (global.get $internBytes) (local.get $len)) (i32.const 262144)))
          (then
            (memory.fill (i32.const 8192) (i32.const 0) (i32.const 32768))
            (global.set $internCount (i32.const 0))
            (global.set $internBytes (i32.const 0))
            (i32.store (i32.const 6208) (i32.add (i32.load (i32.const 6208)) (i32.const 1)))
            (i32.store (i32.const 6212) (i32.const 1))
            (local.set $slot (i32.and (local.get $h) (i32.const 4095)))))
        (global.set $internCount (i32.add (global.get $internCount) (i32.const 1)))
        (local.set $id (global.get $internCount))
        (local.set $entry (i32.add (i32.const 40960) (i32.shl (local.get $id) (i32.const 3))))
        (i32.store (local.get $entry) (global.get $internBytes))
        (i32.store offset=4 (local.get $entry) (local.get $len))
        (memory.copy (i32.add (i32.const 65536) (global.get $internBytes)) (local.get $s) (local.get $len))
        (global.set $internBytes (i32.add (global.get $internBytes) (local.get $len)))
        (i32.store offset=8192 (i32.shl (local.get $slot) (i32.const 3)) (local.get $h))
        (i32.store offset=8196 (i32.shl (local.get $slot) (i32.const 3)) (local.get $id))
        (return (local.get $id))))
      (local.set $entry (i32.add (i32.const 40960) (i32.shl (local.get $id) (i32.const 3))))
      (if (i32.and
            (i32.eq (i32.load offset=8192 (i32.shl (local.get $slot) (i32.const 3))) (local.get $h))
            (i32.eq (i32.load offset=4 (local.get $entry)) (local.get $len)))
        (then
          (if (call $same (i32.add (i32.const 65536) (i32.load (local.get $entry))) (local.get $s) (local.get $len))
            (then (return (local.get $id))))))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 4095)))
      (br $probe))
    (unreachable))

  ;; Scans the object on [$start, $end). Returns the number of members written at 256 (key
  ;; quote, key closing quote, value start, value end, each position minus $base; string value
  ;; escaped; key code, 0 for a key not registered; the value's intern id when its key's
  ;; values are interned, else 0; the value as epoch microseconds when it is a time of the
  ;; writers' shape, else NaN), -1 when the line is not a well-formed object of this shape, -2 when it has
  ;; more than 64 members.
  (func (export "members") (param $start i32) (param $end i32) (param $base i32) (result i32)
    (local $i i32) (local $close i32) (local $n i32) (local $out i32)
    (local $ks i32) (local $ke i32) (local $vs i32) (local $ve i32) (local $c i32) (local $code i32)
    (i32.store (i32.const 6212) (i32.const 0))
    (local.set $i (local.get $start))
    (if (i32.le_u (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (local.set $i (call $skipSpace (local.get $i) (local.get $end)))))
    (local.set $close (local.get $end))
    (block $trimmed
      (loop $back
        (br_if $trimmed (i32.le_u (local.get $close) (local.get $i)))
        (br_if $trimmed (i32.eqz (call $isSpace (i32.load8_u (i32.sub (local.get $close) (i32.const 1))))))
        (local.set $close (i32.sub (local.get $close) (i32.const 1)))
        (br $back)))
    (if (i32.lt_u (i32.sub (local.get $close) (local.get $i)) (i32.const 2)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x7b)) (then (return (i32.const -1))))
    ;; $close: the object's closing brace
    (local.set $close (i32.sub (local.get $close) (i32.const 1)))
    (if (i32.ne (i32.load8_u (local.get $close)) (i32.const 0x7d)) (then (return (i32.const -1))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (if (i32.le_u (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (local.set $i (call $skipSpace (local.get $i) (local.get $close)))))
    (if (i32.ge_u (local.get $i) (local.get $close)) (then (return (i32.const 0))))
    (local.set $out (i32.const 256))
    (loop $member
      (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x22)) (then (return (i32.const -1))))
      (local.set $ks (local.get $i))
      (local.set $ke (call $stringEnd (local.get $i) (local.get $close)))
      (if (i32.lt_s (local.get $ke) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $i (i32.add (local.get $ke) (i32.const 1)))
      (if (i32.le_u (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (local.set $i (call $skipSpace (local.get $i) (local.get $close)))))
      (if (i32.ge_u (local.get $i) (local.get $close)) (then (return (i32.const -1))))
      (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x3a)) (then (return (i32.const -1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.le_u (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (local.set $i (call $skipSpace (local.get $i) (local.get $close)))))
      (if (i32.ge_u (local.get $i) (local.get $close)) (then (return (i32.const -1))))
      (local.set $vs (local.get $i))
      (local.set $c (i32.load8_u (local.get $i)))
      (global.set $escaped (i32.const 0))
      (if (i32.eq (local.get $c) (i32.const 0x22))
        (then
          (local.set $ve (call $stringEnd (local.get $i) (local.get $close)))
          (if (i32.ge_s (local.get $ve) (i32.const 0)) (then (local.set $ve (i32.add (local.get $ve) (i32.const 1))))))
        (else
          (if (i32.or (i32.eq (local.get $c) (i32.const 0x7b)) (i32.eq (local.get $c) (i32.const 0x5b)))
            (then (local.set $ve (call $nestedEnd (local.get $i) (local.get $close))))
            (else (local.set $ve (call $bareEnd (local.get $i) (local.get $close)))))
          (global.set $escaped (i32.const 0))))
      (if (i32.lt_s (local.get $ve) (i32.const 0)) (then (return (i32.const -1))))
      (if (i32.eq (local.get $n) (i32.const 64)) (then (return (i32.const -2))))
      (i32.store (local.get $out) (i32.sub (local.get $ks) (local.get $base)))
      (i32.store offset=4 (local.get $out) (i32.sub (local.get $ke) (local.get $base)))
      (i32.store offset=8 (local.get $out) (i32.sub (local.get $vs) (local.get $base)))
      (i32.store offset=12 (local.get $out) (i32.sub (local.get $ve) (local.get $base)))
      (i32.store offset=16 (local.get $out) (global.get $escaped))
      (local.set $code (call $keyCode (local.get $ks) (local.get $ke)))
      (i32.store offset=20 (local.get $out) (local.get $code))
      ;; a whole value (quotes included), unless it is a string with escapes
      (i32.store offset=24 (local.get $out)
        (if (result i32) (i32.and (i32.load8_u offset=6144 (local.get $code)) (i32.eqz (global.get $escaped)))
          (then (call $intern (local.get $vs) (i32.sub (local.get $ve) (local.get $vs))))
          (else (i32.const 0))))
      (f64.store offset=32 (local.get $out)
        (if (result f64) (i32.and (i32.eq (local.get $c) (i32.const 0x22)) (i32.eq (i32.sub (local.get $ve) (local.get $vs)) (i32.const 29)))
          (then (call $isoMicros (i32.add (local.get $vs) (i32.const 1))))
          (else (f64.const nan))))
      (local.set $out (i32.add (local.get $out) (i32.const 40)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $i (local.get $ve))
      (if (i32.le_u (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (local.set $i (call $skipSpace (local.get $i) (local.get $close)))))
      (if (i32.ge_u (local.get $i) (local.get $close)) (then (return (local.get $n))))
      (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.le_u (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (local.set $i (call $skipSpace (local.get $i) (local.get $close)))))
      (if (i32.ge_u (local.get $i) (local.get $close)) (then (return (i32.const -1))))
      (br $member))
    (unreachable))

  ;; The first newline in [$i, $end), or -1.
  (func (export "newline") (param $i i32) (param $end i32) (result i32)
    (local $m i32)
    (loop $next
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (i8x16.splat (i32.const 0x0a)))))
      (if (i32.eqz (local.get $m)) (then
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))
    (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $m))))
    (if (result i32) (i32.lt_u (local.get $i) (local.get $end)) (then (local.get $i)) (else (i32.const -1))))

  ;; Whether [$s, $e) holds the $len bytes (at least 2) at $needle. Candidates are found 16
  ;; positions at a time by the needle's first two bytes, then compared.
  (func (export "contains") (param $s i32) (param $e i32) (param $needle i32) (param $len i32) (result i32)
    (local $a v128) (local $b v128) (local $m i32) (local $p i32) (local $k i32) (local $last i32)
    (local.set $a (i8x16.splat (i32.load8_u (local.get $needle))))
    (local.set $b (i8x16.splat (i32.load8_u offset=1 (local.get $needle))))
    ;; the last position a match can start at
    (local.set $last (i32.sub (local.get $e) (local.get $len)))
    (block $none
      (loop $block
        (br_if $none (i32.gt_s (local.get $s) (local.get $last)))
        (local.set $m (i8x16.bitmask (v128.and
          (i8x16.eq (v128.load (local.get $s)) (local.get $a))
          (i8x16.eq (v128.load offset=1 (local.get $s)) (local.get $b)))))
        (block $blockDone
          (loop $candidate
            (br_if $blockDone (i32.eqz (local.get $m)))
            (local.set $p (i32.add (local.get $s) (i32.ctz (local.get $m))))
            (br_if $none (i32.gt_s (local.get $p) (local.get $last)))
            (local.set $k (i32.const 2))
            (block $differs
              (loop $byte
                (if (i32.ge_u (local.get $k) (local.get $len)) (then (return (i32.const 1))))
                (br_if $differs (i32.ne
                  (i32.load8_u (i32.add (local.get $p) (local.get $k)))
                  (i32.load8_u (i32.add (local.get $needle) (local.get $k)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $byte)))
            ;; clear the lowest candidate bit
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $candidate)))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (br $block)))
    (i32.const 0))
)
