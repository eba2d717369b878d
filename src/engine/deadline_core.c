/*
** deadline_core.c — due moments, outcomes and the Chinese lateness phrase.
** Integer arithmetic on hf_stamp throughout: no time zones, no floating point.
*/
#include "engine/deadline_core.h"

#include <stdio.h>

bool deadline_check(const hf_due_rule *dl, const char **problem) {
  switch (dl->kind) {
    case HF_DUE_WITHIN_HOURS:
    case HF_DUE_WITHIN_DAYS:
    case HF_DUE_WITHIN_WORKDAYS:
    case HF_DUE_NEXT_DAY_AT:
      if (dl->n < 0 || dl->n > HF_DUE_MAX_N) {
        *problem = "天数或小时数应在 0 至 100000 之间";
        return false;
      }
      break;
    case HF_DUE_WEEKDAY_AT:
      if (dl->weekday < 1 || dl->weekday > 7) {
        *problem = "星期应为 1（周一）至 7（周日）";
        return false;
      }
      break;
    default:
      *problem = "时限种类未知";
      return false;
  }
  if ((dl->kind == HF_DUE_NEXT_DAY_AT || dl->kind == HF_DUE_WEEKDAY_AT) && (dl->at < 0 || dl->at >= CAL_DAY_SECONDS)) {
    *problem = "时刻应在 00:00 至 23:59:59 之间";
    return false;
  }
  return true;
}

hf_stamp deadline_due(const hf_due_rule *dl, const hf_calendar *cal, hf_stamp start) {
  hf_date day = cal_stamp_date(start);
  switch (dl->kind) {
    case HF_DUE_WITHIN_HOURS: return start + (hf_stamp)dl->n * 3600;
    case HF_DUE_WITHIN_DAYS: return start + (hf_stamp)dl->n * CAL_DAY_SECONDS;
    case HF_DUE_WITHIN_WORKDAYS: return cal_stamp(cal_add_workdays(cal, day, (int)dl->n) + 1, 0);  /* 24:00 */
    case HF_DUE_NEXT_DAY_AT:
      return cal_stamp(dl->workdays ? cal_add_workdays(cal, day, (int)dl->n) : (hf_date)(day + dl->n), dl->at);
    case HF_DUE_WEEKDAY_AT: {
      hf_date monday = day - (date_weekday(day) - 1);
      return cal_stamp(monday + 7 + (dl->weekday - 1), dl->at);
    }
  }
  return start;  /* unreachable for a checked deadline */
}

hf_due_outcome deadline_outcome(const hf_due_rule *dl, const hf_calendar *cal, hf_stamp start, bool has_end,
                                hf_stamp end, hf_date as_of) {
  hf_due_outcome o = {.due = deadline_due(dl, cal, start)};
  hf_stamp when = has_end ? end : cal_stamp(as_of + 1, 0);  /* as_of ends at 24:00 */
  if (when <= o.due) {
    o.state = has_end ? HF_DUE_MET : HF_DUE_OPEN;
  } else {
    o.state = has_end ? HF_DUE_LATE : HF_DUE_OVERDUE;
    o.lateness = when - o.due;
  }
  return o;
}

const char *deadline_state_label(hf_due_state st) {
  switch (st) {
    case HF_DUE_MET: return "按时完成";
    case HF_DUE_LATE: return "超时完成";
    case HF_DUE_OPEN: return "未到期";
    case HF_DUE_OVERDUE: return "逾期未完成";
  }
  return "";
}

void deadline_format_lateness(int64_t seconds, char *out, size_t cap) {
  if (!cap) return;
  long long s = (long long)seconds;
  long long days = s / CAL_DAY_SECONDS, hours = s % CAL_DAY_SECONDS / 3600, minutes = s % 3600 / 60;
  if (s <= 0) snprintf(out, cap, "未超时");
  else if (days && hours) snprintf(out, cap, "超时 %lld 天 %lld 小时", days, hours);
  else if (days) snprintf(out, cap, "超时 %lld 天", days);
  else if (hours && minutes) snprintf(out, cap, "超时 %lld 小时 %lld 分", hours, minutes);
  else if (hours) snprintf(out, cap, "超时 %lld 小时", hours);
  else if (minutes) snprintf(out, cap, "超时 %lld 分", minutes);
  else snprintf(out, cap, "超时 %lld 秒", s);
}
