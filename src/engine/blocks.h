/*
** blocks.h — the engine's sections (block.h), one file each.
*/
#ifndef HF_BLOCKS_H
#define HF_BLOCKS_H

#include "engine/block.h"

extern const hf_block tables_block;        /* tables.c */
extern const hf_block sampling_block;      /* sampling.c */
extern const hf_block schedule_block;      /* schedule.c */
extern const hf_block deadline_block;      /* deadline.c */
extern const hf_block satisfaction_block;  /* satisfaction.c */
extern const hf_block targets_block;       /* targets.c */

#endif
