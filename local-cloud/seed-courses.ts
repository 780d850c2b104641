import { Collections } from '../cloudfunctions/_shared/collections';
import { slotsOn } from '../cloudfunctions/_shared/slot-grid';
import { courseBooking, ledgerEntries, type VenueDoc } from '../cloudfunctions/_shared/venue-ledger';
import type { SessionDoc } from '../cloudfunctions/course/session.docs';
import { addDays, beijingDate, beijingInstant } from '../types/beijing-time';
import type { Doc } from './db/store';

/**
 * The course catalogue of the 社会组织党校 ("15分钟组织生活"): four series, six courses taught by experts of the 创益学院
 * (some open to every resident, some to party members only), five of them with an online lesson and a question bank
 * in plain Chinese. The banks' answers and 解析 live only here and in course_questions: never in src/ or the functions
 * (tests/functions/course.function.test.ts checks).
 */

export const courseSeries = [
  { id: 'series-zzsh', name: '组织生活会怎么开' },
  { id: 'series-fzdy', name: '发展党员流程' },
  { id: 'series-shyk', name: '三会一课规范' },
  { id: 'series-dfsj', name: '党费收缴与使用' },
] as const;

/** A bank question: options, the right one's index, and the 解析 (the answer in words). */
export interface QuestionSeed {
  text: string;
  options: string[];
  answer: number;
  explanation: string;
}

interface CourseSeed {
  id: string;
  seriesId: (typeof courseSeries)[number]['id'];
  title: string;
  membersOnly: boolean;
  summary: string;
  goals: string[];
  teacher: string;
  teacherTitle: string;
  minutes: number;
  points: number;
  lesson: { blocks: Array<{ type: 'text'; text: string } | { type: 'image'; url: string; caption: string }>; videoUrl: string | null } | null;
  questions: QuestionSeed[];
}

export const courseSeeds: CourseSeed[] = [
  {
    id: 'course-shyk-basics',
    seriesId: 'series-shyk',
    title: '三会一课是什么',
    membersOnly: false,
    summary: '用15分钟讲清“三会一课”指哪几件事、多久开一次，小组织也能照着做。',
    goals: ['说出三会一课包括哪几项', '记住每项多久开一次', '知道会议记录要记什么'],
    teacher: '王建华',
    teacherTitle: '创益学院特聘专家',
    minutes: 15,
    points: 10,
    lesson: {
      blocks: [
        { type: 'text', text: '“三会一课”是党支部最基本的组织生活制度。“三会”是支部党员大会、支部委员会和党小组会，“一课”是党课。' },
        { type: 'image', url: '/static/courses/sanhui.png', caption: '三会一课示意图' },
        { type: 'text', text: '支部党员大会一般每季度开一次，支部委员会和党小组会一般每月开一次，党课每季度至少上一次。每次会议都要有记录，写清时间、地点、到会人数和议题。' },
      ],
      videoUrl: null,
    },
    questions: [
      { text: '“三会一课”中的“一课”指的是什么？', options: ['党课', '业务培训课', '文化课'], answer: 0, explanation: '解析：一课就是党课，由支部书记等讲授。' },
      { text: '支部党员大会一般多久召开一次？', options: ['每月一次', '每季度一次', '每年一次'], answer: 1, explanation: '解析：支部党员大会一般每季度召开一次。' },
      { text: '支部委员会一般多久召开一次？', options: ['每周一次', '每月一次', '每半年一次'], answer: 1, explanation: '解析：支部委员会一般每月召开一次。' },
      { text: '党小组会一般多久召开一次？', options: ['每月一次', '每季度一次', '每年两次'], answer: 0, explanation: '解析：党小组会一般每月召开一次。' },
      { text: '党课一般至少多久上一次？', options: ['每年一次', '每半年一次', '每季度一次'], answer: 2, explanation: '解析：党课每季度至少上一次。' },
      { text: '下面哪一项不属于“三会”？', options: ['支部党员大会', '职工代表大会', '党小组会'], answer: 1, explanation: '解析：职工代表大会不是三会之一，三会是党员大会、支委会、党小组会。' },
    ],
  },
  {
    id: 'course-shyk-records',
    seriesId: 'series-shyk',
    title: '主题党日和会议记录',
    membersOnly: true,
    summary: '主题党日怎么安排，三会一课的记录怎么写才规范。',
    goals: ['会安排每月的主题党日', '会写规范的会议记录'],
    teacher: '李红梅',
    teacherTitle: '创益学院专家、社会组织党建指导员',
    minutes: 15,
    points: 10,
    lesson: {
      blocks: [
        { type: 'text', text: '很多支部把每月固定的一天定为主题党日，把党员大会、党小组会、党课和志愿服务结合起来开展。' },
        { type: 'text', text: '会议记录要当场记，写明会议名称、时间、地点、主持人、记录人、应到和实到人数、缺席原因、议题和决定事项。' },
      ],
      videoUrl: 'https://example.org/red-sail/videos/zhuti-dangri.mp4',
    },
    questions: [
      { text: '主题党日一般多久开展一次？', options: ['每月一次', '每两年一次', '想起来再开'], answer: 0, explanation: '解析：主题党日一般每月固定开展一次。' },
      { text: '会议记录什么时候记最好？', options: ['会后凭记忆补写', '会议现场当场记', '年底统一补记'], answer: 1, explanation: '解析：会议记录应当在会议现场当场记录。' },
      { text: '会议记录里需要写明缺席党员的什么？', options: ['缺席原因', '家庭住址', '工资收入'], answer: 0, explanation: '解析：要写明缺席人员和缺席原因。' },
      { text: '下面哪一项是会议记录必须有的？', options: ['应到和实到人数', '与会人员照片', '茶歇菜单'], answer: 0, explanation: '解析：应到人数和实到人数是会议记录的必备内容。' },
      { text: '主题党日可以和哪项活动结合开展？', options: ['志愿服务', '商业促销', '私人聚会'], answer: 0, explanation: '解析：主题党日可以结合志愿服务等活动开展。' },
    ],
  },
  {
    id: 'course-zzsh-howto',
    seriesId: 'series-zzsh',
    title: '组织生活会：会前、会中、会后',
    membersOnly: true,
    summary: '组织生活会一年开一次，怎么准备、怎么开展批评和自我批评、会后怎么整改。',
    goals: ['知道组织生活会多久开一次', '会做会前谈心谈话', '能开展批评和自我批评'],
    teacher: '张志国',
    teacherTitle: '创益学院特聘专家、区委党校讲师',
    minutes: 15,
    points: 10,
    lesson: {
      blocks: [
        { type: 'text', text: '组织生活会一般每年召开一次，党员领导干部以普通党员身份参加所在支部的组织生活会。' },
        { type: 'image', url: '/static/courses/zuzhi-shenghuo.png', caption: '组织生活会流程' },
        { type: 'text', text: '会前要广泛谈心谈话、征求意见；会上每名党员对照检查，开展批评和自我批评；会后列出问题清单，抓好整改。' },
      ],
      videoUrl: null,
    },
    questions: [
      { text: '组织生活会一般多久召开一次？', options: ['每月一次', '每年一次', '每五年一次'], answer: 1, explanation: '解析：组织生活会一般每年召开一次。' },
      { text: '组织生活会前应当做什么准备？', options: ['谈心谈话、征求意见', '发放纪念品', '只通知时间不做准备'], answer: 0, explanation: '解析：会前要开展谈心谈话，广泛征求意见。' },
      { text: '组织生活会上的核心环节是什么？', options: ['批评和自我批评', '文艺表演', '抽奖'], answer: 0, explanation: '解析：开展批评和自我批评是组织生活会的核心。' },
      { text: '党员领导干部以什么身份参加支部组织生活会？', options: ['上级领导', '普通党员', '列席嘉宾'], answer: 1, explanation: '解析：党员领导干部以普通党员身份参加。' },
      { text: '组织生活会后对查摆出的问题应当怎么办？', options: ['列出清单、抓好整改', '会开完就结束', '留到下次再说'], answer: 0, explanation: '解析：会后要列出问题清单，明确整改措施并抓落实。' },
    ],
  },
  {
    id: 'course-zzsh-pingyi',
    seriesId: 'series-zzsh',
    title: '民主评议党员',
    membersOnly: true,
    summary: '民主评议党员的步骤和评定等次（线下课，到创益园上课）。',
    goals: ['了解民主评议的步骤'],
    teacher: '刘晓燕',
    teacherTitle: '创益学院专家',
    minutes: 15,
    points: 10,
    lesson: null,
    questions: [],
  },
  {
    id: 'course-fzdy-apply',
    seriesId: 'series-fzdy',
    title: '从入党申请到积极分子',
    membersOnly: false,
    summary: '想入党怎么做：写入党申请书、组织谈话、成为入党积极分子，每一步讲清楚。',
    goals: ['知道入党的年龄条件', '会写入党申请书', '了解积极分子的培养'],
    teacher: '赵海涛',
    teacherTitle: '创益学院特聘专家、组织工作指导员',
    minutes: 15,
    points: 10,
    lesson: {
      blocks: [
        { type: 'text', text: '年满十八岁、承认党的纲领和章程、愿意参加党的一个组织并积极工作的人，可以申请入党。' },
        { type: 'text', text: '党组织收到入党申请书后，一个月内派人同申请人谈话。经过推荐和培养，申请人可以被确定为入党积极分子，培养教育时间一般不少于一年。' },
      ],
      videoUrl: null,
    },
    questions: [
      { text: '申请入党的年龄条件是什么？', options: ['年满十六岁', '年满十八岁', '年满二十岁'], answer: 1, explanation: '解析：年满十八岁才可以申请入党。' },
      { text: '党组织收到入党申请书后，多长时间内派人谈话？', options: ['一周内', '一个月内', '一年内'], answer: 1, explanation: '解析：应当在一个月内派人同申请人谈话。' },
      { text: '入党积极分子的培养教育时间一般不少于多久？', options: ['三个月', '半年', '一年'], answer: 2, explanation: '解析：对入党积极分子的培养教育一般不少于一年。' },
      { text: '申请入党的第一步是什么？', options: ['向党组织提交入党申请书', '直接参加党员大会', '交纳党费'], answer: 0, explanation: '解析：第一步是自愿向党组织提交入党申请书。' },
      { text: '入党申请书应当交给谁？', options: ['所在单位或社区的党组织', '任何朋友', '居委会保安'], answer: 0, explanation: '解析：入党申请书交给工作、学习所在单位或居住地的党组织。' },
    ],
  },
  {
    id: 'course-dfsj-standard',
    seriesId: 'series-dfsj',
    title: '党费怎么交、交多少',
    membersOnly: true,
    summary: '按月交纳党费的比例和基数，特殊情况怎么交，党费用在哪里。',
    goals: ['会算自己每月的党费', '知道按时交纳的要求'],
    teacher: '孙立新',
    teacherTitle: '创益学院专家、财务指导员',
    minutes: 15,
    points: 10,
    lesson: {
      blocks: [
        { type: 'text', text: '党员应当按月交纳党费。在职党员以每月工资收入扣除个人所得税等之后的部分为基数，按比例交纳。' },
        { type: 'image', url: '/static/courses/dangfei.png', caption: '党费交纳比例表' },
        { type: 'text', text: '月收入3000元以下（含）交1%，3000到5000元交1.5%，5000到10000元交2%，10000元以上交3%。党费主要用于党员教育培训等。' },
      ],
      videoUrl: null,
    },
    questions: [
      { text: '党员多久交纳一次党费？', options: ['按月交纳', '按年一次交清', '想交就交'], answer: 0, explanation: '解析：党员应当按月交纳党费。' },
      { text: '在职党员月收入3000元以下（含），党费比例是多少？', options: ['0.5%', '1%', '3%'], answer: 1, explanation: '解析：3000元以下（含）按1%交纳。' },
      { text: '在职党员月收入在5000到10000元之间，党费比例是多少？', options: ['1.5%', '2%', '5%'], answer: 1, explanation: '解析：5000元以上至10000元按2%交纳。' },
      { text: '党员连续几个月不交纳党费、又没有正当理由，被视为自行脱党？', options: ['三个月', '六个月', '十二个月'], answer: 1, explanation: '解析：连续六个月不交纳党费又无正当理由，按自行脱党处理。' },
      { text: '党费主要用于哪方面？', options: ['党员教育培训等', '个人奖金', '单位福利'], answer: 0, explanation: '解析：党费主要用于党员教育培训等党的活动。' },
      { text: '在职党员计算党费的基数是什么？', options: ['扣除个人所得税等之后的月工资收入', '全年奖金', '家庭总收入'], answer: 0, explanation: '解析：以每月工资收入扣除个人所得税等之后的部分为基数。' },
    ],
  },
];

/** Every 解析 (answer in words) of the seeded banks. */
export const seededExplanations = (): string[] => courseSeeds.flatMap((c) => c.questions.map((q) => q.explanation));

/** The catalogue as documents (series, courses with lessons, question banks). */
export function courseCatalogue(): Array<{ coll: string; doc: Doc }> {
  const out: Array<{ coll: string; doc: Doc }> = [];
  courseSeries.forEach((s, i) => out.push({ coll: Collections.courseSeries, doc: { _id: s.id, name: s.name, sort: i } }));
  courseSeeds.forEach((c, i) => {
    out.push({
      coll: Collections.courses,
      doc: {
        _id: c.id,
        title: c.title,
        seriesId: c.seriesId,
        membersOnly: c.membersOnly,
        summary: c.summary,
        goals: c.goals,
        teacher: c.teacher,
        teacherTitle: c.teacherTitle,
        minutes: c.minutes,
        points: c.points,
        published: true,
        sort: i,
        lesson: c.lesson,
      },
    });
    c.questions.forEach((q, j) =>
      out.push({ coll: Collections.courseQuestions, doc: { _id: `${c.id}-q${j + 1}`, courseId: c.id, text: q.text, options: q.options, answer: q.answer, explanation: q.explanation, sort: j } }),
    );
  });
  return out;
}

interface SessionSeed {
  id: string;
  courseId: string;
  /** Days from today (Beijing) and the start; a catalogue venue (booked for it) or a place of its own. */
  day: number;
  clock: string;
  capacity: number;
  venueId?: string;
  place?: { name: string; address: string };
}

/**
 * Upcoming offline sessions for the lived-in demo, relative to `now`, as course.schedule would have left them: with
 * free seats, of courses open to every resident and of members-only ones; those in 创益园 rooms hold their slots through
 * a confirmed 'course' booking made with the venue engine's shared builders (_shared/venue-ledger: courseBooking,
 * ledgerEntries), so the venue pages show them taken. The first starts at `soon` (the demo's next slot today), so
 * signing up and checking in can be tried at once, or with DEMO_CLOCK.
 */
export function courseSessions(now: Date, venues: VenueDoc[], soon: { day: number; clock: string }): Array<{ coll: string; doc: Doc }> {
  const today = beijingDate(now.getTime());
  const seeds: SessionSeed[] = [
    { id: 'ses_demo_soon', courseId: 'course-shyk-basics', ...soon, capacity: 16, venueId: 'cyy-meeting-1' },
    { id: 'ses_demo_open', courseId: 'course-fzdy-apply', day: 2, clock: '09:30', capacity: 60, venueId: 'cyy-hall' },
    { id: 'ses_demo_members', courseId: 'course-dfsj-standard', day: 3, clock: '19:30', capacity: 30, venueId: 'cyy-workshop' },
    { id: 'ses_demo_members_street', courseId: 'course-zzsh-howto', day: 6, clock: '14:00', capacity: 20, place: { name: '所城社区党群服务中心会议室', address: '芝罘区所城里大街' } },
  ];
  const out: Array<{ coll: string; doc: Doc }> = [];
  const created = new Date(now.getTime() - 26 * 3_600_000);
  for (const s of seeds) {
    const course = courseSeeds.find((c) => c.id === s.courseId) as CourseSeed;
    const date = addDays(today, s.day);
    const start = beijingInstant(date, s.clock);
    const venue = s.venueId ? (venues.find((v) => v._id === s.venueId) as VenueDoc) : null;
    let end = start + course.minutes * 60_000;
    let bookingId: string | null = null;
    if (venue) {
      // Whole slots of the venue covering the course, as course.schedule books them.
      const count = Math.ceil(course.minutes / venue.slotMinutes);
      const slots = slotsOn(venue, date).filter((g) => g.start >= start && g.start < start + count * venue.slotMinutes * 60_000);
      const booking = courseBooking({ sessionId: s.id, venue, date, slots, courseTitle: course.title, capacity: s.capacity, now: created.getTime() });
      out.push({ coll: Collections.bookings, doc: booking as unknown as Doc });
      for (const entry of ledgerEntries(booking, slots)) out.push({ coll: Collections.slotLedger, doc: entry as unknown as Doc });
      bookingId = booking._id;
      end = booking.end.getTime();
    }
    const session: SessionDoc = {
      _id: s.id,
      courseId: course.id,
      courseTitle: course.title,
      membersOnly: course.membersOnly,
      start: new Date(start),
      end: new Date(end),
      place: venue ? venue.name : (s.place?.name ?? ''),
      address: venue ? venue.address : (s.place?.address ?? ''),
      venueId: venue?._id ?? null,
      bookingId,
      capacity: s.capacity,
      state: 'open',
      cancelReason: null,
      by: 'demo-district-admin',
      createdAt: created,
      updatedAt: created,
    };
    out.push({ coll: Collections.courseSessions, doc: session as unknown as Doc });
  }
  return out;
}
