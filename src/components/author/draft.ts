import type { CourseDraft, LessonBlock } from '../../../types';
import { QUIZ_QUESTIONS } from '../../../types/course-rules';

/** The editor's form: the contract's draft with the goals as lines of text and the lesson switchable. */
export interface DraftForm {
  title: string;
  seriesId: string;
  membersOnly: boolean;
  summary: string;
  goals: string;
  teacher: string;
  teacherTitle: string;
  minutes: number | null;
  points: number | null;
  published: boolean;
  hasLesson: boolean;
  blocks: LessonBlock[];
  videoUrl: string;
  questions: Array<{ id?: string; text: string; options: string[]; answer: number; explanation: string }>;
}

export const emptyQuestion = (): DraftForm['questions'][number] => ({ text: '', options: ['', ''], answer: 0, explanation: '' });

export const emptyForm = (seriesId = ''): DraftForm => ({
  title: '',
  seriesId,
  membersOnly: false,
  summary: '',
  goals: '',
  teacher: '',
  teacherTitle: '',
  minutes: 15,
  points: 10,
  published: true,
  hasLesson: true,
  blocks: [{ type: 'text', text: '' }],
  videoUrl: '',
  questions: [emptyQuestion(), emptyQuestion(), emptyQuestion()],
});

export function formOf(d: CourseDraft): DraftForm {
  return {
    title: d.title,
    seriesId: d.seriesId,
    membersOnly: d.membersOnly,
    summary: d.summary,
    goals: d.goals.join('\n'),
    teacher: d.teacher,
    teacherTitle: d.teacherTitle ?? '',
    minutes: d.minutes,
    points: d.points,
    published: d.published,
    hasLesson: d.lesson !== null,
    blocks: d.lesson?.blocks ?? [{ type: 'text', text: '' }],
    videoUrl: d.lesson?.videoUrl ?? '',
    questions: d.questions.map((q) => ({ ...(q.id ? { id: q.id } : {}), text: q.text, options: [...q.options], answer: q.answer, explanation: q.explanation ?? '' })),
  };
}

const goalLines = (goals: string): string[] =>
  goals
    .split('\n')
    .map((g) => g.trim())
    .filter((g) => g.length > 0);

/** The draft the contract takes (trimmed). */
export function draftOf(f: DraftForm): CourseDraft {
  return {
    title: f.title.trim(),
    seriesId: f.seriesId,
    membersOnly: f.membersOnly,
    summary: f.summary.trim(),
    goals: goalLines(f.goals),
    teacher: f.teacher.trim(),
    teacherTitle: f.teacherTitle.trim(),
    minutes: f.minutes ?? 0,
    points: f.points ?? 0,
    published: f.published,
    lesson: f.hasLesson
      ? {
          blocks: f.blocks.map((b) => (b.type === 'text' ? { type: 'text', text: b.text.trim() } : { type: 'image', url: b.url.trim(), caption: b.caption.trim() })),
          videoUrl: f.videoUrl.trim() ? f.videoUrl.trim() : null,
        }
      : null,
    questions: f.questions.map((q) => ({ ...(q.id ? { id: q.id } : {}), text: q.text.trim(), options: q.options.map((o) => o.trim()), answer: q.answer, explanation: q.explanation.trim() })),
  };
}

/**
 * Field path (as the server names it: `title`, `lesson.blocks.0.text`, `questions.2.answer`) → plain words. Checked in
 * the phone with the contract's words, so most mistakes are shown before anything is sent.
 */
export function checkDraft(f: DraftForm): Record<string, string> {
  const e: Record<string, string> = {};
  const len = (s: string) => s.trim().length;
  if (len(f.title) < 2) e.title = '课程名称至少2个字';
  else if (len(f.title) > 40) e.title = '课程名称请不超过40字';
  if (!f.seriesId) e.seriesId = '请选择课程系列';
  if (len(f.summary) < 5) e.summary = '简介至少5个字';
  else if (len(f.summary) > 300) e.summary = '简介请不超过300字';
  const goals = goalLines(f.goals);
  if (goals.length === 0) e.goals = '至少写一条学习目标';
  else if (goals.length > 6) e.goals = '学习目标最多6条';
  else if (goals.some((g) => g.length < 2 || g.length > 60)) e.goals = '每条学习目标2到60个字';
  if (len(f.teacher) < 2 || len(f.teacher) > 20) e.teacher = '请写授课老师，2到20个字';
  if (len(f.teacherTitle) > 40) e.teacherTitle = '老师介绍请不超过40字';
  if (f.minutes === null || f.minutes < 5 || f.minutes > 60) e.minutes = '时长5到60分钟';
  if (f.points === null || f.points < 0 || f.points > 20) e.points = '积分0到20分';
  if (f.hasLesson) {
    if (f.blocks.length === 0) e['lesson.blocks'] = '课程内容不能为空';
    f.blocks.forEach((b, i) => {
      if (b.type === 'text' && len(b.text) === 0) e[`lesson.blocks.${i}`] = '这一段还没有写内容';
      if (b.type === 'image' && len(b.url) === 0) e[`lesson.blocks.${i}`] = '请填写图片地址';
    });
    if (f.videoUrl.trim() && !/^https?:\/\/\S+$/.test(f.videoUrl.trim())) e['lesson.videoUrl'] = '视频地址不对，应以 http:// 或 https:// 开头';
    if (f.questions.length < QUIZ_QUESTIONS) e.questions = `有线上学习的课程至少要有${QUIZ_QUESTIONS}道测验题`;
  }
  f.questions.forEach((q, i) => {
    if (len(q.text) < 4) e[`questions.${i}.text`] = '题目至少4个字';
    if (q.options.some((o) => len(o) === 0)) e[`questions.${i}.options`] = '选项不能空着';
    if (q.answer >= q.options.length) e[`questions.${i}.answer`] = '请选出正确答案';
  });
  return e;
}
