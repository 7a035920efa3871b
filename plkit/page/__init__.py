"""What every workbook page shares: the page's session (:mod:`.session`), building the page ahead
in a preheated kernel and the activity decorator (:mod:`.ahead`), the header (:mod:`.header`),
the start, progress and submit cells (:mod:`.parts`, :mod:`.progress`, :mod:`.submit`), and the
rules a workbook notebook follows (:mod:`.notebook`)."""
