import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { QuizResult } from '../../../../../types';
import { QUIZ_PASS } from '../../../../../types/course-rules';
import { Screen } from '../../../../components/Screen';
import { queryValue } from '../../../../components/booking/params';
import { CallError, newRequestId } from '../../../../services/client';
import { courseService, type CourseQuiz } from '../../../../services/course';
import { ask } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import '../../learning.css';
import './index.css';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
const NUMBERS = ['一', '二', '三', '四', '五', '六'];
const nth = (i: number): string => `第${NUMBERS[i] ?? i + 1}题`;

/** Back to the course page: the one already under this page when there is one, else a fresh one. */
function backToCourse(courseId: string): void {
  const pages = Taro.getCurrentPages();
  const target = routes.course(courseId).slice(1).split('?')[0];
  let delta = 0;
  for (let i = pages.length - 2; i >= 0; i--) {
    if (pages[i]?.route === target) {
      delta = pages.length - 1 - i;
      break;
    }
  }
  if (delta > 0) void Taro.navigateBack({ delta });
  else void Taro.redirectTo({ url: routes.course(courseId) });
}

type Problem = { words: string; code: string | null };
const problemOf = (e: unknown): Problem => ({ words: messageFor(e), code: e instanceof CallError ? e.code : null });

/**
 * 课后测验: one question per screen (one thing to read and decide at a time, in big type, with 上一题 / 下一题 and
 * where you are, 第二题 / 共三题), then 提交答案. Which option is right is never on this phone before submission: the
 * server checks the answers. The result says 通过 / 未通过 in words and a sign, how many were right, each question's
 * 答对 / 答错, the points credited and the attempts left today. A submission retried after a lost reply carries the
 * same requestId, so it is counted once.
 */
export default function QuizPage() {
  const { params } = useRouter();
  const courseId = queryValue(params.courseId) ?? '';
  const [quiz, setQuiz] = useState<CourseQuiz | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<QuizResult | null>(null);
  // One requestId per intent: starting (this visit / 再做一次) and submitting these answers; reused on a retry.
  const startId = useRef<string | null>(null);
  const submitId = useRef<{ key: string; id: string } | null>(null);

  const start = async (fresh: boolean) => {
    if (fresh || !startId.current) startId.current = newRequestId();
    setLoading(true);
    setProblem(null);
    try {
      const q = await courseService.quiz(courseId, startId.current);
      setQuiz(q);
      setAnswers({});
      setIndex(0);
      setResult(null);
      submitId.current = null;
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void start(true);
  }, [courseId]);

  // A new screen (the next question, the result) is read from its top: the verdict first, not the buttons pressed last.
  useEffect(() => {
    try {
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch {
      // no page to scroll (yet): nothing to do
    }
  }, [index, result, quiz?.attemptId]);

  const submit = async () => {
    if (!quiz || busy) return;
    const missing = quiz.questions.findIndex((q) => answers[q.id] === undefined);
    if (missing >= 0) {
      const count = quiz.questions.filter((q) => answers[q.id] === undefined).length;
      const go = await ask({
        title: '还有题没有答',
        content: `${count === 1 ? nth(missing) : `有${count}道题`}还没有选答案。${quiz.questions.length}道题都答完才能提交。点「去答题」回到${nth(missing)}。`,
        // WeChat refuses button words longer than 4 characters.
        confirmText: '去答题',
        cancelText: '再看看',
      });
      if (go) setIndex(missing);
      return;
    }
    const list = quiz.questions.map((q) => ({ questionId: q.id, choice: answers[q.id] as number }));
    const key = `${quiz.attemptId}:${JSON.stringify(list)}`;
    if (submitId.current?.key !== key) submitId.current = { key, id: newRequestId() };
    setBusy(true);
    setProblem(null);
    try {
      setResult(await courseService.submitQuiz(courseId, quiz.attemptId, list, submitId.current.id));
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (result && quiz) return <QuizResultView result={result} quiz={quiz} courseId={courseId} onAgain={() => void start(true)} busy={loading} problem={problem} />;

  if (!quiz) {
    return (
      <Screen className='quiz'>
        {loading ? (
          <View className='state state--loading' role='status'>
            <View className='state__spinner' aria-hidden />
            <Text className='state__text'>正在出题，请稍候…</Text>
          </View>
        ) : (
          <View className='card quiz__stop' role='alert'>
            <Text className='quiz__stop-mark' aria-hidden>
              !
            </Text>
            <Text className='quiz__stop-words'>{problem?.words ?? '没能出题，请再试一次'}</Text>
            {problem?.code === 'COURSE.QUIZ_LIMIT' || problem?.code === 'COURSE.MEMBERS_ONLY' || problem?.code === 'COURSE.NO_LESSON' || problem?.code === 'COURSE.NOT_FOUND' ? null : (
              <Button className='btn-primary learn-main' onClick={() => void start(false)}>
                再试一次
              </Button>
            )}
            <Button className='btn-secondary learn-more' onClick={() => backToCourse(courseId)}>
              返回课程
            </Button>
          </View>
        )}
      </Screen>
    );
  }

  const total = quiz.questions.length;
  const q = quiz.questions[index];
  const answered = quiz.questions.filter((x) => answers[x.id] !== undefined).length;
  const last = index === total - 1;
  return (
    <Screen className='quiz'>
      <View className='quiz__progress'>
        <Text className='quiz__where'>
          {nth(index)}
          <Text className='quiz__of'> / 共{NUMBERS[total - 1] ?? total}题</Text>
        </Text>
        <Text className='quiz__answered'>已答{answered}题</Text>
      </View>
      <Text className='quiz__rule muted'>
        答对{QUIZ_PASS}道就通过。今天还能做{quiz.attemptsLeftToday}次。
      </Text>
      {q ? (
        <View className='card quiz__card'>
          <Text className='quiz__question'>{q.text}</Text>
          <View className='quiz__options' role='radiogroup' aria-label={`${nth(index)}的选项`}>
            {q.options.map((o, i) => {
              const chosen = answers[q.id] === i;
              return (
                <View
                  key={i}
                  className={`quiz__option ${chosen ? 'quiz__option--chosen' : ''}`}
                  role='radio'
                  aria-checked={chosen}
                  aria-label={`${LETTERS[i]}. ${o}${chosen ? '，已选' : ''}`}
                  onClick={() => setAnswers((a) => ({ ...a, [q.id]: i }))}
                >
                  <Text className='quiz__letter' aria-hidden>
                    {chosen ? '✓' : LETTERS[i]}
                  </Text>
                  <Text className='quiz__option-text'>{o}</Text>
                  {chosen ? <Text className='quiz__chosen'>已选</Text> : null}
                </View>
              );
            })}
          </View>
        </View>
      ) : null}
      {problem ? (
        <View className='learn-error' role='alert'>
          <Text>{problem.words}</Text>
        </View>
      ) : null}
      <View className='quiz__nav'>
        <Button className={`btn-secondary quiz__nav-btn ${index === 0 ? 'is-disabled' : ''}`} onClick={() => index > 0 && setIndex(index - 1)}>
          上一题
        </Button>
        {last ? (
          <Button className={`btn-primary quiz__nav-btn ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
            {busy ? '正在提交…' : problem && submitId.current ? '再提交一次' : '提交答案'}
          </Button>
        ) : (
          <Button className='btn-primary quiz__nav-btn' onClick={() => setIndex(index + 1)}>
            下一题
          </Button>
        )}
      </View>
    </Screen>
  );
}

interface ResultProps {
  result: QuizResult;
  quiz: CourseQuiz;
  courseId: string;
  onAgain: () => void;
  busy: boolean;
  problem: Problem | null;
}

/** The result screen: 通过 / 未通过 in words and a sign (never colour alone), and what to do next. */
function QuizResultView({ result, quiz, courseId, onAgain, busy, problem }: ResultProps) {
  const byId = new Map(quiz.questions.map((q, i) => [q.id, { q, i }]));
  const canRetry = !result.passed && result.attemptsLeftToday > 0;
  return (
    <Screen className='quiz'>
      <View className={`card quiz__verdict ${result.passed ? 'quiz__verdict--pass' : 'quiz__verdict--fail'}`} role='status'>
        <Text className='quiz__verdict-mark' aria-hidden>
          {result.passed ? '✓' : '✗'}
        </Text>
        <Text className='quiz__verdict-word'>{result.passed ? '通过' : '未通过'}</Text>
        <Text className='quiz__verdict-score'>
          答对{result.correct}/{result.total}题
        </Text>
        {result.passed ? (
          result.points > 0 ? (
            <Text className='quiz__verdict-line'>获得红色积分 +{result.points}分</Text>
          ) : (
            <Text className='quiz__verdict-line'>{result.completed ? '这门课以前已经学完，积分已经记过，这次不再加分。' : '这次没有加积分。'}</Text>
          )
        ) : (
          <Text className='quiz__verdict-line'>答对{QUIZ_PASS}道就能通过，再看看课程内容吧。</Text>
        )}
        <Text className='quiz__verdict-line muted'>
          {result.attemptsLeftToday > 0 ? `今天这门课还能做${result.attemptsLeftToday}次测验` : '今天这门课的测验次数已经用完，明天再来'}
        </Text>
      </View>
      <View className='card'>
        <Text className='section-title'>每道题</Text>
        {result.results.map((r) => {
          const found = byId.get(r.questionId);
          return (
            <View key={r.questionId} className='quiz__row'>
              <Text className={`learn-badge ${r.correct ? 'learn-badge--ok' : 'learn-badge--no'}`}>{r.correct ? '✓ 答对了' : '✗ 答错了'}</Text>
              <Text className='quiz__row-text'>
                {found ? `${nth(found.i)}：${found.q.text}` : '一道题'}
              </Text>
            </View>
          );
        })}
      </View>
      {problem ? (
        <View className='learn-error' role='alert'>
          <Text>{problem.words}</Text>
        </View>
      ) : null}
      {canRetry ? (
        <Button className={`btn-primary learn-main ${busy ? 'is-disabled' : ''}`} onClick={() => !busy && onAgain()}>
          {busy ? '正在出题…' : '再做一次'}
        </Button>
      ) : null}
      <Button className={`${canRetry ? 'btn-secondary learn-more' : 'btn-primary learn-main'}`} onClick={() => backToCourse(courseId)}>
        返回课程
      </Button>
      {result.points > 0 ? (
        <Button className='btn-secondary learn-more' onClick={() => void Taro.navigateTo({ url: routes.myPoints })}>
          查看我的积分
        </Button>
      ) : null}
    </Screen>
  );
}
